package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbClusterSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.silenttalk.automation.aws.ledger.DynamoDbLedgerTable;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord.LambdaFunction;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.StsAnswers;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.runtime.MemberAccountCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(Dynalite.class)
class SnapshotSchedulerHandlerTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final String ORDERS_ID = "st-auto-orders-20260301t0600z";
    static final String CHAT_ID = "st-auto-chat-20260301t0600z";
    static final Map<String, String> SUITE = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE);

    RdsApi api;
    AwsClients clients;
    Lines lines = new Lines();
    AwsSettings settings = TestSettings.settings();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    static final LambdaFunction CENSUS = new LambdaFunction(TestAws.PRIMARY, TestAws.ACCOUNT, "silenttalk-ops-snapshot-census");

    SnapshotSchedulerHandler handler(RunLedger ledger) {
        return handler(ledger, clock);
    }

    SnapshotSchedulerHandler handler(RunLedger ledger, Clock clock) {
        RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        return new SnapshotSchedulerHandler(settings, primary, dr, Optional.of(CENSUS), ledger, clock,
                lines.log(SnapshotSchedulerHandler.NAME));
    }

    void stubEmptyRegionAndCreates() {
        api.on("DescribeDBSnapshots", 200, describeSnapshots());
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());
        api.on("CreateDBSnapshot", 200, response("CreateDBSnapshot",
                dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null, SUITE)));
        api.on("CreateDBClusterSnapshot", 200, response("CreateDBClusterSnapshot",
                dbClusterSnapshot(CHAT_ID, "chat", TestAws.PRIMARY, "creating", null, SUITE)));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenScheduledEvent_asksForOneSnapshotPerDatabaseNamedForTheWindow(Map<String, Object> event) {
        stubEmptyRegionAndCreates();

        Map<String, Object> out = handler(new InMemoryRunLedger()).handleRequest(event, null);

        assertThat(api.requests("CreateDBSnapshot")).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("DBInstanceIdentifier", "orders").containsEntry("DBSnapshotIdentifier", ORDERS_ID);
            assertThat(RdsApi.tags(form)).containsEntry("silenttalk:created-by", "ops-automation");
        });
        assertThat(api.requests("CreateDBClusterSnapshot")).singleElement().satisfies(form ->
                assertThat(form).containsEntry("DBClusterSnapshotIdentifier", CHAT_ID));
        assertThat(out).containsEntry("window", "2026-03-01T06:00:00Z");
        assertThat(lines.all()).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"level\":\"INFO\"")
                .doesNotContain(TestAws.SECRET_KEY));
    }

    @ParameterizedTest
    @Events(type = Map.class, events = {
            @Event("events/lambda/census-destination-success.json"),
            @Event("events/lambda/census-destination-retries-exhausted.json")})
    void handleRequest_whenTheCensusDestinationRecordArrives_snapshotsTheWindowOfItsScheduledEventMeasuredOrNot(
            Map<String, Object> record) {
        stubEmptyRegionAndCreates();

        Map<String, Object> out = handler(new InMemoryRunLedger()).handleRequest(record, null);

        assertThat(api.requests("CreateDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", ORDERS_ID));
        assertThat(api.requests("CreateDBClusterSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBClusterSnapshotIdentifier", CHAT_ID));
        assertThat(out).containsEntry("event", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa")
                .containsEntry("window", "2026-03-01T06:00:00Z")
                .containsEntry("census", ((Map<?, ?>) record.get("requestContext")).get("condition"));
    }

    @ParameterizedTest
    @Event(value = "events/lambda/census-destination-success.json", type = Map.class)
    void handleRequest_whenRunHoursAfterItsSchedule_namesTheSnapshotForTheEventsWindowNotTheClocks(Map<String, Object> record) {
        stubEmptyRegionAndCreates();

        Map<String, Object> out = handler(new InMemoryRunLedger(), Clock.fixed(NOW.plus(Duration.ofHours(7)), ZoneOffset.UTC))
                .handleRequest(record, null);

        assertThat(api.requests("CreateDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", ORDERS_ID));
        assertThat(out).containsEntry("window", "2026-03-01T06:00:00Z");
    }

    @ParameterizedTest
    @Event(value = "events/lambda/census-destination-success.json", type = Map.class)
    void handleRequest_whenTheRecordAndTheScheduledEventItCarriesBothArrive_takesOneSnapshot(Map<String, Object> record) {
        stubEmptyRegionAndCreates();
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        @SuppressWarnings("unchecked")
        Map<String, Object> direct = (Map<String, Object>) record.get("requestPayload");

        handler(ledger).handleRequest(record, null);
        Map<String, Object> second = handler(ledger).handleRequest(direct, null);

        assertThat(second).containsEntry("duplicate", true);
        assertThat(api.requests("CreateDBSnapshot")).hasSize(1);
        assertThat(api.requests("CreateDBClusterSnapshot")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
            "events/lambda/census-destination-foreign-function.json, requestContext.functionArn",
            "events/lambda/census-destination-foreign-account.json, requestContext.functionArn",
            "events/lambda/census-destination-missing-request-payload.json, requestPayload",
            "events/lambda/census-destination-unknown-condition.json, requestContext.condition",
            "events/lambda/census-destination-foreign-payload-account.json, requestPayload.account",
            "events/eventbridge/scheduled-event-wrong-source.json, source",
            "events/eventbridge/scheduled-event-missing-account.json, account",
            "events/eventbridge/scheduled-event-foreign-account.json, account"})
    @SuppressWarnings("unchecked")
    void handleRequest_whenTheEventOrRecordIsNotOurs_rejectsWithOneLineNamingTheFieldAndCallsNothing(String file, String field) {
        Map<String, Object> event = EventLoader.loadEvent(file, Map.class);
        InMemoryRunLedger ledger = new InMemoryRunLedger();

        assertThatThrownBy(() -> handler(ledger).handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field));

        assertThat(api.allRequests()).isEmpty();
        assertThat(ledger.writes()).isEmpty();
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"rejected\":").doesNotContain("\n"));
    }

    @ParameterizedTest
    @Event(value = "events/lambda/census-destination-success.json", type = Map.class)
    void handleRequest_whenNoCensusFunctionIsConfigured_rejectsEveryRecordButStillTakesDirectEvents(Map<String, Object> record) {
        stubEmptyRegionAndCreates();
        RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        SnapshotSchedulerHandler directOnly = new SnapshotSchedulerHandler(settings, primary, primary, Optional.empty(),
                new InMemoryRunLedger(), clock, lines.log(SnapshotSchedulerHandler.NAME));
        @SuppressWarnings("unchecked")
        Map<String, Object> direct = (Map<String, Object>) record.get("requestPayload");

        assertThatThrownBy(() -> directOnly.handleRequest(record, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("ST_CENSUS_FUNCTION");
        assertThat(api.allRequests()).isEmpty();
        directOnly.handleRequest(direct, null);
        assertThat(api.requests("CreateDBSnapshot")).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenFiftyDuplicateDeliveriesRace_sendsExactlyOneCreateDBSnapshot(Map<String, Object> event,
                                                                                        LocalProcessServer dynalite)
            throws Exception {
        stubEmptyRegionAndCreates();
        try (AwsClients dynamoClients = TestAws.clients(dynalite.endpoint())) {
            String table = "ledger-" + UUID.randomUUID();
            DynamoDbLedgerTable.create(dynamoClients.dynamoDb(TestAws.PRIMARY), table);
            SnapshotSchedulerHandler handler = handler(
                    new DynamoDbRunLedger(dynamoClients.dynamoDb(TestAws.PRIMARY), table, Duration.ofDays(400)));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Callable<Map<String, Object>>> deliveries = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    deliveries.add(() -> handler.handleRequest(event, null));
                }
                int duplicates = 0;
                for (Future<Map<String, Object>> f : pool.invokeAll(deliveries)) {
                    if (Boolean.TRUE.equals(f.get().get("duplicate"))) {
                        duplicates++;
                    }
                }
                assertThat(duplicates).isEqualTo(49);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(api.requests("CreateDBSnapshot")).hasSize(1);
        assertThat(api.requests("CreateDBClusterSnapshot")).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenQuotaIsFullAndNothingMayBePruned_skipsRecordsWhyAndRaisesTheMetric(Map<String, Object> event) {
        String[] foreign = new String[RdsSnapshotStore.MANUAL_SNAPSHOT_QUOTA];
        for (int i = 0; i < foreign.length; i++) {
            foreign[i] = dbSnapshot("kept-by-hand-" + i, "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(86_400L * 90), Map.of());
        }
        api.on("DescribeDBSnapshots", 200, describeSnapshots(foreign));
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());
        api.on("CreateDBClusterSnapshot", 200, response("CreateDBClusterSnapshot",
                dbClusterSnapshot(CHAT_ID, "chat", TestAws.PRIMARY, "creating", null, SUITE)));
        InMemoryRunLedger ledger = new InMemoryRunLedger();

        Map<String, Object> out = handler(ledger).handleRequest(event, null);

        assertThat(api.requests("CreateDBSnapshot")).isEmpty();
        assertThat(api.requests("DeleteDBSnapshot")).isEmpty();
        assertThat(api.requests("CreateDBClusterSnapshot")).hasSize(1);
        assertThat(ledger.find(new RunKey("snapshot/orders/20260301t0600z"))).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.details().get("reason")).contains("quota");
        });
        assertThat(out.get("skipped").toString()).contains("orders");
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"SnapshotSkippedForQuota\":1"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void plan_whenDryRun_listsTheCreateCallsAndSendsNothing(Map<String, Object> event) {
        List<PlannedCall> calls = handler(new InMemoryRunLedger()).plan(event);

        assertThat(calls).extracting(PlannedCall::operation).contains("CreateDBSnapshot", "CreateDBClusterSnapshot");
        assertThat(calls).filteredOn(c -> c.operation().equals("CreateDBSnapshot")).singleElement()
                .satisfies(c -> assertThat(c.parameters()).containsEntry("DBSnapshotIdentifier", ORDERS_ID));
        assertThat(api.allRequests()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenOneMemberAccountDeniesItsRole_skipsOnlyThatAccountsDatabasesWithOneLine(Map<String, Object> event) {
        String externalId = "st-ops-external-7f3a9c";
        Map<String, String> env = new java.util.HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders:instance, chat:cluster@210987654321, billing@333333333333");
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", externalId);
        settings = AwsSettings.fromEnvironment(env);
        String billingId = "st-auto-billing-20260301t0600z";
        stubEmptyRegionAndCreates();
        api.on("CreateDBSnapshot", "DBInstanceIdentifier=billing", 200, response("CreateDBSnapshot",
                dbSnapshot(billingId, "billing", TestAws.PRIMARY, "creating", null, SUITE)));
        api.on("AssumeRole", 200, StsAnswers.assumeRole("arn:aws:iam::333333333333:role/silenttalk-ops-member",
                "silenttalk-snapshot-20260301T0600Z", "ASIABILLINGSESSION01", "billing-session-secret", "billing-token",
                Instant.now().plus(Duration.ofHours(1))));  // the SDK renews by the system clock
        api.on("AssumeRole", "210987654321", 403, StsAnswers.accessDenied(
                "arn:aws:sts::123456789012:assumed-role/silenttalk-ops-scheduler/x", "arn:aws:iam::210987654321:role/silenttalk-ops-member"));
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        try (MemberAccountCredentials members = new MemberAccountCredentials(TestAws.ACCOUNT, settings.memberRole(), clients,
                clients.client(StsClient.builder(), TestAws.PRIMARY))) {
            RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                    settings.databases(), ManifestSource.NONE, clock);
            SnapshotSchedulerHandler handler = new SnapshotSchedulerHandler(new BackupWiring(settings, primary, primary, ledger, clock,
                    Optional.of(members)), Optional.of(CENSUS), lines.log(SnapshotSchedulerHandler.NAME));

            Map<String, Object> out = handler.handleRequest(event, null);

            assertThat(api.requests("AssumeRole")).extracting(form -> form.get("RoleArn")).containsExactlyInAnyOrder(
                    "arn:aws:iam::210987654321:role/silenttalk-ops-member", "arn:aws:iam::333333333333:role/silenttalk-ops-member");
            assertThat(api.requests("CreateDBSnapshot")).extracting(form -> form.get("DBInstanceIdentifier"))
                    .containsExactly("orders", "billing");
            assertThat(api.requests("CreateDBClusterSnapshot")).isEmpty();
            // billing's snapshot is asked for in its own account: signed with the assumed session
            assertThat(api.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("DBInstanceIdentifier=billing"))))
                    .singleElement().satisfies(r -> assertThat(r.getHeader("Authorization")).contains("Credential=ASIABILLINGSESSION01/"));
            assertThat(out.get("snapshots").toString()).contains("orders").contains("billing").doesNotContain("chat");
            assertThat(out.get("skipped").toString()).contains("chat").contains("210987654321");
            assertThat(ledger.find(new RunKey("snapshot/chat/20260301t0600z"))).isEmpty();
            assertThat(lines.all()).filteredOn(l -> l.contains("\"level\":\"ERROR\"")).singleElement().satisfies(l ->
                    assertThat(l).contains("210987654321").doesNotContain("333333333333").doesNotContain(externalId).doesNotContain("\n"));
            assertThat(String.join("\n", lines.all())).doesNotContain(externalId).doesNotContain("billing-session-secret");
            // a refused role is not a full quota
            assertThat(lines.all()).noneMatch(l -> l.contains("SnapshotSkippedForQuota"));
        }
    }
}

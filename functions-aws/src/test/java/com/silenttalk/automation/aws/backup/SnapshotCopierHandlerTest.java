package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbClusterSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.DryRunPlanner;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

class SnapshotCopierHandlerTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:14:20Z");
    static final String ORDERS_ID = "st-auto-orders-20260301t0600z";
    static final String CHAT_ID = "st-auto-chat-20260301t0600z";

    RdsApi api;
    AwsClients clients;
    Lines lines = new Lines();
    InMemoryRunLedger ledger = new InMemoryRunLedger();
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

    SnapshotCopierHandler handler() {
        RdsSnapshotStore primary = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(clients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), ManifestSource.NONE, clock);
        RdsCrossRegionCopier copier = new RdsCrossRegionCopier(dr, clients.rds(TestAws.DR), TestAws.ACCOUNT,
                settings.drKmsKeyId(), settings::kindOf);
        return new SnapshotCopierHandler(settings, primary, dr, copier, ledger, clock, lines.log(SnapshotCopierHandler.NAME));
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void handleRequest_whenManualSnapshotCreated_copiesItToTheDrRegionWithTheDrKey(Map<String, Object> event) {
        api.on("DescribeDBSnapshots", 404, RdsApi.snapshotNotFound(ORDERS_ID));
        api.on("CopyDBSnapshot", 200, response("CopyDBSnapshot", dbSnapshot(ORDERS_ID, "orders", TestAws.DR, "pending", null, Map.of())));

        Map<String, Object> out = handler().handleRequest(event, null);

        assertThat(api.requests("CopyDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("SourceDBSnapshotIdentifier", "arn:aws:rds:eu-west-1:123456789012:snapshot:" + ORDERS_ID)
                .containsEntry("TargetDBSnapshotIdentifier", ORDERS_ID)
                .containsEntry("KmsKeyId", TestSettings.KMS_KEY));
        assertThat(out.get("copies").toString()).contains("eu-west-1/" + ORDERS_ID);
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"SnapshotsCompleted\":1"));
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-cluster-snapshot-created.json", type = Map.class)
    void handleRequest_whenManualClusterSnapshotCreated_sendsCopyDBClusterSnapshot(Map<String, Object> event) {
        api.on("DescribeDBClusterSnapshots", 404, RdsApi.clusterSnapshotNotFound(CHAT_ID));
        api.on("CopyDBClusterSnapshot", 200, response("CopyDBClusterSnapshot",
                dbClusterSnapshot(CHAT_ID, "chat", TestAws.DR, "copying", null, Map.of())));

        handler().handleRequest(event, null);

        assertThat(api.requests("CopyDBClusterSnapshot")).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("SourceDBClusterSnapshotIdentifier",
                            "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:" + CHAT_ID)
                    .containsEntry("KmsKeyId", TestSettings.KMS_KEY);
            assertThat(RdsApi.tags(form)).containsEntry("silenttalk:copied-from", "eu-west-1/" + CHAT_ID);
        });
        assertThat(api.requests("CopyDBSnapshot")).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void handleRequest_whenTooManyCopiesInFlight_reportsPendingWithoutFailing(Map<String, Object> event) {
        api.on("DescribeDBSnapshots", 404, RdsApi.snapshotNotFound(ORDERS_ID));
        api.on("CopyDBSnapshot", 400, RdsApi.COPY_CONCURRENCY);

        Map<String, Object> out = handler().handleRequest(event, null);

        assertThat(out.get("copies").toString()).contains("pending: copies in flight");
    }

    @ParameterizedTest
    @Events(type = Map.class, events = {
            @Event("events/eventbridge/scheduled-event-wrong-source.json"),
            @Event("events/rds/db-snapshot-automated-created.json"),
            @Event("events/rds/db-snapshot-missing-source-identifier.json"),
            @Event("events/eventbridge/scheduled-event-foreign-account.json")})
    void handleRequest_whenEventIsWrongSourceUnknownTypeOrIncomplete_rejectsAndCallsNothing(Map<String, Object> event) {
        assertThatThrownBy(() -> handler().handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field())
                        .isIn("source", "detail.EventID", "detail.SourceIdentifier", "account"));

        assertThat(api.allRequests()).isEmpty();
        assertThat(ledger.writes()).isEmpty();
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"rejected\":"));
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created-by-hand.json", type = Map.class)
    void handleRequest_whenSnapshotWasMadeByHand_ignoresItWithoutCalls(Map<String, Object> event) {
        Map<String, Object> out = handler().handleRequest(event, null);

        assertThat(out).containsEntry("ignored", true);
        assertThat(api.allRequests()).isEmpty();
        assertThat(lines.all()).singleElement().asString().contains("not a suite snapshot: name does not start with st-auto-");
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created-by-hand.json", type = Map.class)
    void emptyPlanReason_whenSnapshotWasMadeByHand_saysWhyNothingIsPlanned(Map<String, Object> event) {
        SnapshotCopierHandler handler = handler();

        assertThat(handler.plan(event)).isEmpty();
        assertThat(handler.emptyPlanReason(event)).contains("not a suite snapshot: name does not start with st-auto-");
    }

    /** Found by the fuzz suite: a dry-run's plan let DateTimeParseException out (opsctl exit 70). */
    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    @SuppressWarnings("unchecked")
    void plan_whenTheDetailDateIsNotAnInstant_namesTheFieldAndCallsNothing(Map<String, Object> event) {
        Map<String, Object> detail = new java.util.HashMap<>((Map<String, Object>) event.get("detail"));
        detail.put("Date", "../../../etc");
        Map<String, Object> bad = new java.util.HashMap<>(event);
        bad.put("detail", detail);

        assertThatThrownBy(() -> handler().plan(bad)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.getMessage()).isEqualTo("detail.Date: '../../../etc' is not an ISO-8601 instant"));
        assertThatThrownBy(() -> handler().handleRequest(bad, null)).isInstanceOf(InvalidFieldException.class);
        assertThat(api.allRequests()).isEmpty();
        assertThat(ledger.writes()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void emptyPlanReason_whenASuiteSnapshotIsCopied_isEmpty(Map<String, Object> event) {
        assertThat(handler().emptyPlanReason(event)).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenSweepFindsASnapshotWithoutCopy_copiesOnlyThatOne(Map<String, Object> event) {
        Map<String, String> suite = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE);
        String older = "st-auto-orders-20260301t0000z";
        api.on("DescribeDBSnapshots", "SnapshotType=manual", 200, describeSnapshots(
                dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(600), suite),
                dbSnapshot(older, "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(22_000), suite)));
        api.on("DescribeDBClusterSnapshots", "SnapshotType=manual", 200, describeClusterSnapshots());
        // the DR region already holds the older copy; the new one is missing
        api.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/eu-central-1/"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Action=DescribeDBSnapshots&"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("SnapshotType=manual"))
                .atPriority(0)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withBody(describeSnapshots(dbSnapshot(older, "orders", TestAws.DR, "available", NOW.minusSeconds(20_000), suite)))));
        api.on("DescribeDBSnapshots", "DBSnapshotIdentifier=" + ORDERS_ID, 404, RdsApi.snapshotNotFound(ORDERS_ID));
        api.on("CopyDBSnapshot", 200, response("CopyDBSnapshot", dbSnapshot(ORDERS_ID, "orders", TestAws.DR, "pending", null, Map.of())));

        handler().handleRequest(event, null);

        assertThat(api.requests("CopyDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("TargetDBSnapshotIdentifier", ORDERS_ID));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenSweepHitsTheCopyLimit_stopsAskingAndQueuesTheRestForTheNextSweep(Map<String, Object> event) {
        Map<String, String> suite = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE);
        String older = "st-auto-orders-20260301t0000z";
        api.on("DescribeDBSnapshots", "SnapshotType=manual", 200, describeSnapshots(
                dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(600), suite),
                dbSnapshot(older, "orders", TestAws.PRIMARY, "available", NOW.minusSeconds(22_000), suite)));
        api.on("DescribeDBClusterSnapshots", "SnapshotType=manual", 200, describeClusterSnapshots());
        api.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/eu-central-1/"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("SnapshotType=manual"))
                .atPriority(0)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withBody(describeSnapshots())));
        api.on("DescribeDBSnapshots", "DBSnapshotIdentifier=", 404, RdsApi.snapshotNotFound(ORDERS_ID));
        api.on("CopyDBSnapshot", 400, RdsApi.COPY_CONCURRENCY);

        Map<String, Object> out = handler().handleRequest(event, null);

        assertThat(api.requests("CopyDBSnapshot")).hasSize(1);
        assertThat(out.get("copies").toString()).contains("queued for the next sweep");
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void plan_whenDryRun_printsTheCopyAndCallsNothing(Map<String, Object> event) {
        List<PlannedCall> calls = handler().plan(event);

        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("CopyDBSnapshot");
            assertThat(c.target()).isEqualTo(TestAws.DR);
            assertThat(DryRunPlanner.line(c)).contains("\"KmsKeyId\":\"" + TestSettings.KMS_KEY + "\"");
        });
        assertThat(api.allRequests()).isEmpty();
    }
}

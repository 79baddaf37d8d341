package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbClusterSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.ledger.RdsRequestBudget;
import com.silenttalk.automation.aws.ledger.RequestBudgetInterceptor;
import com.silenttalk.automation.aws.rotation.SecretsManagerApi;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.runtime.MemberAccountCredentials;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.StepFunctionsReplay;
import com.silenttalk.automation.aws.testing.StsAnswers;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.ledger.InMemoryRequestBudget;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestPacer;
import com.silenttalk.automation.core.ledger.RequestRate;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * template.yaml's SnapshotFanOutStateMachine replayed as written ({@link StepFunctionsReplay}): its Map runs each
 * database's branch (census, then snapshot) on the production handlers, against a real PostgreSQL per source
 * database (census over JDBC), Secrets Manager and RDS on WireMock, S3Mock for the manifests. Each branch's RDS
 * client carries the request-budget interceptor, as SnapshotBranchFunction's does.
 */
@ExtendWith({S3Mock.class, Postgres.class})
class SnapshotFanOutStateMachineTest {
    static final Path TEMPLATE = Path.of("..", "template.yaml");
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final String ORDERS_ID = "st-auto-orders-20260301t0600z";
    static final String CHAT_ID = "st-auto-chat-20260301t0600z";
    static final String ORDERS_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf";
    static final String CHAT_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-chat-census-AbCdEf";
    static final String ORDERS_DB = "orders_fanout_source";
    static final String CHAT_DB = "chat_fanout_source";
    static final Map<String, String> SUITE = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE);

    Postgres.Server pg;
    SecretsManagerApi secretsManager;
    RdsApi rds;
    AwsClients secretClients;
    AwsClients s3Clients;
    AwsClients rdsClients;
    S3Client s3;
    String bucket;
    InMemoryRunLedger ledger = new InMemoryRunLedger();
    InMemoryRequestBudget budget = new InMemoryRequestBudget(RequestRate.RDS);
    List<RequestBucket> reserved = java.util.Collections.synchronizedList(new ArrayList<>());
    Lines lines = new Lines();

    @BeforeAll
    static void sources(Postgres.Server pg) throws Exception {
        for (String db : List.of(ORDERS_DB, CHAT_DB)) {
            try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db);
                s.execute("CREATE DATABASE " + db);
            }
            try (Connection c = DriverManager.getConnection(pg.url(db), Postgres.USER, Postgres.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE public.items (id bigint PRIMARY KEY, body text NOT NULL)");
                s.execute("INSERT INTO public.items SELECT g, 'row ' || g FROM generate_series(1, 200) g");
            }
        }
    }

    @BeforeEach
    void start(LocalProcessServer s3mock, Postgres.Server pg) throws Exception {
        this.pg = pg;
        for (String db : List.of(ORDERS_DB, CHAT_DB)) {
            try (Connection c = DriverManager.getConnection(pg.url(db), Postgres.USER, Postgres.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS silenttalk_ops CASCADE");
            }
        }
        secretsManager = new SecretsManagerApi();
        secretClients = TestAws.clients(secretsManager.endpoint());
        for (Map.Entry<String, String> source : Map.of(ORDERS_SECRET, ORDERS_DB, CHAT_SECRET, CHAT_DB).entrySet()) {
            secretsManager.on("GetSecretValue", "SecretId", source.getKey(), 200, SecretsManagerApi.value("v1", List.of("AWSCURRENT"),
                    Json.write(Map.of("engine", "postgres", "host", "127.0.0.1", "port", pg.port(), "dbname", source.getValue(),
                            "username", Postgres.USER, "password", Postgres.PASSWORD))));
        }
        s3Clients = TestAws.clients(s3mock.endpoint());
        s3 = s3Clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        rds = new RdsApi();
        rdsClients = TestAws.clients(rds.endpoint());
        rds.on("DescribeDBSnapshots", 200, describeSnapshots());
        rds.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());
        rds.on("CreateDBClusterSnapshot", 200, response("CreateDBClusterSnapshot",
                dbClusterSnapshot(CHAT_ID, "chat", TestAws.PRIMARY, "creating", null, SUITE)));
    }

    @AfterEach
    void stop() {
        secretClients.close();
        s3Clients.close();
        rdsClients.close();
        secretsManager.close();
        rds.close();
    }

    AwsSettings settings() {
        return TestSettings.withCensus(Map.of(new DatabaseId("orders"), ORDERS_SECRET, new DatabaseId("chat"), CHAT_SECRET),
                new CountTolerance(0.01, 5));
    }

    /** The machine as deployed, its branch tasks the production handlers (package-private wiring, test endpoints). */
    StepFunctionsReplay machine() {
        return machine(census -> census);
    }

    /** @param censusTask wraps the census branch's task (a test makes it fail) */
    StepFunctionsReplay machine(java.util.function.UnaryOperator<Function<Map<String, Object>, Map<String, Object>>> censusTask) {
        return machine(settings(), "orders:instance,chat:cluster", Optional.empty(), censusTask);
    }

    /**
     * @param databases the template's DatabaseIdentifiers as deployed (the Map's items)
     * @param members   how the snapshot branch reaches member accounts (STS on the RDS stub's WireMock)
     */
    StepFunctionsReplay machine(AwsSettings settings, String databases, Optional<MemberAccountCredentials> members,
                                java.util.function.UnaryOperator<Function<Map<String, Object>, Map<String, Object>>> censusTask) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JdbcSnapshotCensus census = new JdbcSnapshotCensus(settings.census(),
                arn -> new SecretsManagerSecretStore(secretClients.secretsManager(TestAws.PRIMARY)), new S3ManifestSource(s3, bucket),
                "prefer", lines.log(CensusBranchHandler.NAME), Duration.ofMinutes(3));
        CensusBranchHandler censusBranch = new CensusBranchHandler(settings, census, ledger, clock, lines.log(CensusBranchHandler.NAME));
        RequestPacer pacer = new RequestPacer((bucket, now) -> {
            reserved.add(bucket);
            return budget.reserve(bucket, now);
        }, RequestRate.RDS, Clock.systemUTC(), RequestPacer.Sleeper.THREAD);
        RdsSnapshotStore primary = new RdsSnapshotStore(rdsClients.rds(TestAws.PRIMARY, new RequestBudgetInterceptor(pacer,
                RequestBucket.rds(TestAws.ACCOUNT, TestAws.PRIMARY))), TestAws.PRIMARY, TestAws.ACCOUNT, settings.databases(),
                ManifestSource.NONE, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(rdsClients.rds(TestAws.DR, new RequestBudgetInterceptor(pacer,
                RequestBucket.rds(TestAws.ACCOUNT, TestAws.DR))), TestAws.DR, TestAws.ACCOUNT, settings.databases(),
                ManifestSource.NONE, clock);
        SnapshotBranchHandler snapshotBranch = new SnapshotBranchHandler(new BackupWiring(settings, primary, dr, ledger, clock, members),
                Optional.of(new RdsRequestBudget(pacer)), lines.log(SnapshotBranchHandler.NAME));
        JsonNode definition = StepFunctionsReplay.definition(TEMPLATE, "SnapshotFanOutStateMachine", Map.of(
                "CensusBranchFunctionArn", "census-branch", "SnapshotBranchFunctionArn", "snapshot-branch",
                "FailedEventsQueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/failed-events",
                "Databases", databases, "MaxConcurrency", "10"));
        Map<String, Function<Map<String, Object>, Map<String, Object>>> functions = Map.of(
                "census-branch", censusTask.apply(input -> censusBranch.handleRequest(input, null)),
                "snapshot-branch", input -> snapshotBranch.handleRequest(input, null));
        return new StepFunctionsReplay(definition, functions);
    }

    static JsonNode scheduledEvent() throws Exception {
        return StepFunctionsReplay.JSON.readTree(SnapshotFanOutStateMachineTest.class.getResourceAsStream("/events/eventbridge/scheduled-event.json"));
    }

    static JsonNode branchOf(JsonNode result, String database) {
        for (JsonNode branch : result.path("branches")) {
            if (branch.path("database").asText().equals(database)) {
                return branch;
            }
        }
        throw new AssertionError("no branch of " + database + " in " + result);
    }

    /** The census sessions of a source database that wait for a lock. */
    long censusesWaitingForALock(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db
                     + "' AND application_name = 'silenttalk-snapshot-census' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void execution_whenOneDatabasesCensusHangsOnALock_snapshotsEveryOtherDatabaseMeanwhileAndThenItself() throws Exception {
        rds.on("CreateDBSnapshot", 200, response("CreateDBSnapshot", dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null, SUITE)));
        StepFunctionsReplay machine = machine();
        JsonNode result;
        // another session holds the orders table (a migration, say): orders' census blocks on its row count
        try (Connection holder = DriverManager.getConnection(pg.url(ORDERS_DB), Postgres.USER, Postgres.PASSWORD);
             Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE");
            JsonNode event = scheduledEvent();
            CompletableFuture<JsonNode> execution = CompletableFuture.supplyAsync(() -> machine.run(event));

            // bounded wait for chat's snapshot; no timing is asserted, only the order of events
            for (int i = 0; i < 600 && rds.requests("CreateDBClusterSnapshot").isEmpty() && !execution.isDone(); i++) {
                Thread.sleep(100);
            }
            assertThat(rds.requests("CreateDBClusterSnapshot")).as("chat's snapshot while orders' census hangs").singleElement()
                    .satisfies(form -> assertThat(form).containsEntry("DBClusterSnapshotIdentifier", CHAT_ID));
            assertThat(execution).as("the execution waits for the hanging branch").isNotDone();
            assertThat(censusesWaitingForALock(ORDERS_DB)).as("orders' census is still blocked on the lock").isEqualTo(1);
            assertThat(rds.requests("CreateDBSnapshot")).as("orders' snapshot follows its own census").isEmpty();

            holder.rollback();
            result = execution.get(3, TimeUnit.MINUTES);
        }

        assertThat(branchOf(result, "orders:instance").path("census").path("status").asText()).isEqualTo("MEASURED");
        // requested, and RDS says creating: the window's snapshot is asked for
        assertThat(branchOf(result, "orders:instance").path("snapshot").path("status").asText()).isEqualTo("PENDING");
        assertThat(branchOf(result, "orders:instance").path("snapshot").path("snapshotId").asText()).isEqualTo(ORDERS_ID);
        assertThat(branchOf(result, "chat:cluster").path("census").path("status").asText()).isEqualTo("MEASURED");
        assertThat(branchOf(result, "chat:cluster").path("snapshot").path("status").asText()).isEqualTo("PENDING");
        assertThat(result.path("window").asText()).isEqualTo("2026-03-01T06:00:00Z");
        assertThat(rds.requests("CreateDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", ORDERS_ID));
        assertThat(machine.sentMessages()).isEmpty();
        // every RDS request of every branch waited for its slot in the account and region's budget
        assertThat(reserved).hasSize(rds.allRequests().size())
                .containsOnly(RequestBucket.rds(TestAws.ACCOUNT, TestAws.PRIMARY));
    }

    @Test
    void execution_whenOneBranchsCensusTaskFails_stillSnapshotsThatDatabaseAndKeepsOnlyTheErrorsName() throws Exception {
        rds.on("CreateDBSnapshot", 200, response("CreateDBSnapshot", dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null, SUITE)));
        StepFunctionsReplay machine = machine(census -> input -> {
            if (String.valueOf(input.get("database")).startsWith("orders")) {
                throw new IllegalStateException("Task timed out after 180.00 seconds " + "x".repeat(2000));
            }
            return census.apply(input);
        });

        JsonNode result = machine.run(scheduledEvent());

        JsonNode orders = branchOf(result, "orders:instance");
        assertThat(orders.path("census").path("status").asText()).isEqualTo("FAILED");
        assertThat(orders.path("census").path("error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(orders.toString()).doesNotContain("Task timed out");
        assertThat(orders.path("snapshot").path("status").asText()).isEqualTo("PENDING");
        assertThat(branchOf(result, "chat:cluster").path("census").path("status").asText()).isEqualTo("MEASURED");
        assertThat(machine.sentMessages()).isEmpty();
    }

    @Test
    void execution_whenOneBranchsSnapshotFails_reportsItToTheFailedEventsQueueAndKeepsEveryOtherBranchsResult() throws Exception {
        rds.on("CreateDBSnapshot", 400, RdsApi.error("InvalidDBInstanceState", "Instance orders is not currently in the available state"));
        StepFunctionsReplay machine = machine();

        JsonNode result = machine.run(scheduledEvent());

        JsonNode orders = branchOf(result, "orders:instance");
        assertThat(orders.path("snapshot").path("status").asText()).isEqualTo("FAILED");
        assertThat(orders.path("snapshot").path("error").asText()).isNotBlank();
        assertThat(orders.path("census").path("status").asText()).isEqualTo("MEASURED");
        assertThat(branchOf(result, "chat:cluster").path("snapshot").path("status").asText()).isEqualTo("PENDING");
        assertThat(machine.sentMessages()).singleElement().satisfies(message -> {
            assertThat(message.path("QueueUrl").asText()).endsWith("/failed-events");
            assertThat(message.path("MessageBody").path("database").asText()).isEqualTo("orders:instance");
            assertThat(message.path("MessageBody").path("window").asText()).isEqualTo("2026-03-01T06:00:00Z");
            assertThat(message.path("MessageBody").path("cause").asText()).contains("InvalidDbInstanceStateException")
                    .doesNotContain(Postgres.PASSWORD).doesNotContain(TestAws.SECRET_KEY);
        });
        // state transitions: 3 for the execution, 3 for a branch that succeeds, 4 for one that fails
        assertThat(machine.enteredStates()).hasSize(3 + 3 + 4);
        assertThat(lines.all()).noneSatisfy(l -> assertThat(l).contains(Postgres.PASSWORD));
    }

    @Test
    void execution_whenOneMemberAccountDeniesItsRole_failsOnlyItsDatabasesBranchWithOneLineNamingTheAccount() throws Exception {
        String externalId = "st-ops-external-7f3a9c";
        String denied = "210987654321";
        String member = "333333333333";
        AwsSettings base = settings();
        Map<DatabaseId, AwsSettings.RdsKind> databases = new java.util.LinkedHashMap<>(base.databases());
        databases.put(new DatabaseId("billing"), AwsSettings.RdsKind.INSTANCE);
        AwsSettings settings = new AwsSettings(base.accountId(), base.region(), base.drRegion(), databases, base.drKmsKeyId(),
                base.ledgerTable(), base.ledgerTtl(), base.reportBucket(), base.allowedAccounts(), base.policy(), base.drill(),
                base.census(), Map.of(new DatabaseId("chat"), new AwsSettings.Placement(denied, TestAws.PRIMARY),
                new DatabaseId("billing"), new AwsSettings.Placement(member, TestAws.PRIMARY)),
                Optional.of(new AwsSettings.MemberRole("silenttalk-ops-member", externalId)));
        String billingId = "st-auto-billing-20260301t0600z";
        rds.on("CreateDBSnapshot", 200, response("CreateDBSnapshot", dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null, SUITE)));
        rds.on("CreateDBSnapshot", "DBInstanceIdentifier=billing", 200, response("CreateDBSnapshot",
                dbSnapshot(billingId, "billing", TestAws.PRIMARY, "creating", null, SUITE)));
        rds.on("AssumeRole", 200, StsAnswers.assumeRole("arn:aws:iam::" + member + ":role/silenttalk-ops-member",
                "silenttalk-snapshot-branch-20260301T0600Z", "ASIABILLINGSESSION01", "billing-session-secret", "billing-token",
                Instant.now().plus(Duration.ofHours(1))));  // the SDK renews by the system clock
        rds.on("AssumeRole", denied, 403, StsAnswers.accessDenied("arn:aws:sts::123456789012:assumed-role/SnapshotBranchFunctionRole/x",
                "arn:aws:iam::" + denied + ":role/silenttalk-ops-member"));

        JsonNode result;
        StepFunctionsReplay machine;
        try (MemberAccountCredentials members = new MemberAccountCredentials(TestAws.ACCOUNT, settings.memberRole(), rdsClients,
                rdsClients.client(StsClient.builder(), TestAws.PRIMARY))) {
            machine = machine(settings, "orders:instance,chat:cluster@" + denied + ",billing@" + member + "/" + TestAws.PRIMARY,
                    Optional.of(members), census -> census);
            result = machine.run(scheduledEvent());
        }

        JsonNode chat = branchOf(result, "chat:cluster@" + denied);
        assertThat(chat.path("snapshot").path("status").asText()).isEqualTo("FAILED");
        assertThat(chat.path("snapshot").path("error").asText()).endsWith("MemberAccountDeniedException");
        assertThat(branchOf(result, "orders:instance").path("snapshot").path("status").asText()).isEqualTo("PENDING");
        assertThat(branchOf(result, "billing@" + member + "/" + TestAws.PRIMARY).path("snapshot").path("snapshotId").asText())
                .isEqualTo(billingId);
        assertThat(rds.requests("AssumeRole")).extracting(form -> form.get("RoleArn") + " " + form.get("ExternalId") + " "
                + form.get("RoleSessionName")).containsExactlyInAnyOrder(
                "arn:aws:iam::" + denied + ":role/silenttalk-ops-member " + externalId + " silenttalk-snapshot-branch-20260301T0600Z",
                "arn:aws:iam::" + member + ":role/silenttalk-ops-member " + externalId + " silenttalk-snapshot-branch-20260301T0600Z");
        assertThat(rds.requests("CreateDBSnapshot")).extracting(form -> form.get("DBInstanceIdentifier"))
                .containsExactlyInAnyOrder("orders", "billing");
        assertThat(rds.requests("CreateDBClusterSnapshot")).as("nothing of chat is taken, in no account").isEmpty();
        // billing's snapshot is asked for in its own account, signed with the assumed session
        assertThat(rds.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("DBInstanceIdentifier=billing"))))
                .singleElement().satisfies(r -> assertThat(r.getHeader("Authorization")).contains("Credential=ASIABILLINGSESSION01/"));
        // each account's RDS requests waited in that account's bucket, none in another's
        assertThat(new java.util.HashSet<>(reserved)).containsExactlyInAnyOrder(RequestBucket.rds(TestAws.ACCOUNT, TestAws.PRIMARY),
                RequestBucket.rds(member, TestAws.PRIMARY));
        assertThat(machine.sentMessages()).singleElement().satisfies(message ->
                assertThat(message.path("MessageBody").path("database").asText()).isEqualTo("chat:cluster@" + denied));
        assertThat(lines.all()).filteredOn(l -> l.contains("\"level\":\"ERROR\"") && l.contains(SnapshotBranchHandler.NAME))
                .singleElement().satisfies(l -> assertThat(l).contains(denied).contains("chat").doesNotContain(member)
                        .doesNotContain(externalId).doesNotContain("\n"));
        assertThat(String.join("\n", lines.all())).doesNotContain(externalId).doesNotContain("billing-session-secret");
    }
}

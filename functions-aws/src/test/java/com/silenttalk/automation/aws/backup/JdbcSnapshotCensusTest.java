package com.silenttalk.automation.aws.backup;

import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scheduler's census end to end: a real PostgreSQL as the source database, WireMock RDS for
 * the snapshot call, S3Mock for the manifest. The drill side of these manifests is in
 * {@code aws.drill.MarkerDrillTest}.
 */
@ExtendWith({S3Mock.class, Postgres.class})
class JdbcSnapshotCensusTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final String ORDERS_ID = "st-auto-orders-20260301t0600z";
    static final String SOURCE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf";
    static final String SOURCE_DB = "orders_source";
    static final Map<String, String> SUITE = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE);

    RdsApi api;
    AwsClients rdsClients;
    AwsClients s3Clients;
    S3Client s3;
    String bucket;
    Lines lines = new Lines();
    Postgres.Server pg;

    @BeforeAll
    static void source(Postgres.Server pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SOURCE_DB);
            s.execute("CREATE DATABASE " + SOURCE_DB);
        }
        try (Connection c = DriverManager.getConnection(pg.url(SOURCE_DB), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL)");
            s.execute("INSERT INTO public.orders SELECT g, g * 1.5 FROM generate_series(1, 300) g");
        }
    }

    @BeforeEach
    void start(LocalProcessServer s3mock, Postgres.Server pg) {
        this.pg = pg;
        api = new RdsApi();
        rdsClients = TestAws.clients(api.endpoint());
        s3Clients = TestAws.clients(s3mock.endpoint());
        s3 = s3Clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        api.on("DescribeDBSnapshots", 200, describeSnapshots());
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots());
        api.on("CreateDBClusterSnapshot", 200, response("CreateDBClusterSnapshot", RdsApi.dbClusterSnapshot(
                "st-auto-chat-20260301t0600z", "chat", TestAws.PRIMARY, "creating", null, SUITE)));
    }

    @AfterEach
    void stop() {
        rdsClients.close();
        s3Clients.close();
        api.close();
    }

    SnapshotSchedulerHandler handler(String password) {
        AwsSettings base = TestSettings.settings();
        AwsSettings.Census census = new AwsSettings.Census(Map.of(new DatabaseId("orders"), SOURCE_SECRET),
                new CountTolerance(0.01, 5));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("engine", "postgres");
        attributes.put("port", Integer.toString(pg.port()));
        attributes.put("dbname", SOURCE_DB);
        InMemorySecretStore secrets = new InMemorySecretStore(SOURCE_SECRET, "v1",
                new Credential(Postgres.USER, "127.0.0.1", password.toCharArray(), attributes));
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RdsSnapshotStore primary = new RdsSnapshotStore(rdsClients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                base.databases(), manifests, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(rdsClients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                base.databases(), manifests, clock);
        JdbcSnapshotCensus jdbc = new JdbcSnapshotCensus(census, arn -> {
            assertThat(arn).isEqualTo(SOURCE_SECRET);
            return secrets;
        }, manifests, "prefer", lines.log(SnapshotSchedulerHandler.NAME));
        return new SnapshotSchedulerHandler(base, primary, dr, jdbc, new InMemoryRunLedger(), clock,
                lines.log(SnapshotSchedulerHandler.NAME));
    }

    long markersFor(String markerId) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(SOURCE_DB), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SnapshotMarker.TABLE + " WHERE marker_id = '" + markerId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    boolean manifestStored() {
        return s3.listObjectsV2(r -> r.bucket(bucket).prefix("manifests/")).contents().stream()
                .anyMatch(o -> o.key().equals("manifests/" + ORDERS_ID + ".json"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenSnapshotIsAccepted_keepsAManifestMeasuredAtACommittedMarker(Map<String, Object> event) throws Exception {
        api.on("CreateDBSnapshot", 200, response("CreateDBSnapshot",
                dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null, SUITE)));

        handler(Postgres.PASSWORD).handleRequest(event, null);

        SnapshotManifest manifest = new S3ManifestSource(s3, bucket).manifest(new SnapshotId(ORDERS_ID)).orElseThrow();
        assertThat(manifest.marker()).isNotNull();
        assertThat(manifest.consistentPoint()).isEqualTo(NOW);
        assertThat(manifest.sha256()).isNull();
        assertThat(manifest.countTolerance()).isEqualTo(new CountTolerance(0.01, 5));
        assertThat(manifest.rowCounts()).containsEntry("public.orders", 300L);
        assertThat(manifest.schemaFingerprint()).matches("[0-9a-f]{64}");
        assertThat(markersFor(manifest.marker().id())).isEqualTo(1);
        assertThat(api.requests("CreateDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", ORDERS_ID));
        // chat has no census secret: its snapshot is still taken, and the missing manifest is said once
        assertThat(api.requests("CreateDBClusterSnapshot")).hasSize(1);
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"noManifest\":\"ST_CENSUS_SECRET_ARNS names no secret for chat"));
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"SnapshotWithoutManifest\":1"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenSnapshotAlreadyExists_keepsNoManifestFromTheLaterMarker(Map<String, Object> event) {
        api.on("CreateDBSnapshot", 400, RdsApi.alreadyExists(ORDERS_ID));
        api.on("DescribeDBSnapshots", ORDERS_ID, 200, describeSnapshots(
                dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "available", NOW, SUITE)));

        handler(Postgres.PASSWORD).handleRequest(event, null);

        assertThat(api.requests("CreateDBSnapshot")).hasSize(1);
        assertThat(manifestStored()).isFalse();
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenSourceRefusesTheLogin_stillSnapshotsAndSaysWhyWithoutThePassword(Map<String, Object> event) {
        String wrong = "wrong-census-password-never-logged";
        api.on("CreateDBSnapshot", 200, response("CreateDBSnapshot",
                dbSnapshot(ORDERS_ID, "orders", TestAws.PRIMARY, "creating", null, SUITE)));

        handler(wrong).handleRequest(event, null);

        assertThat(api.requests("CreateDBSnapshot")).hasSize(1);
        assertThat(manifestStored()).isFalse();
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"database\":\"orders\"").contains("28P01")
                .contains("a drill cannot verify it"));
        assertThat(lines.all()).allSatisfy(l -> assertThat(l).doesNotContain(wrong).doesNotContain(Postgres.PASSWORD)
                .doesNotContain(TestAws.SECRET_KEY));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void plan_whenACensusSecretIsConfigured_listsItsSecretReadBeforeTheSnapshotAndTheManifestWriteAfter(
            Map<String, Object> event) {
        AwsSettings base = TestSettings.settings();
        AwsSettings withCensus = new AwsSettings(base.accountId(), base.region(), base.drRegion(), base.databases(),
                base.drKmsKeyId(), base.ledgerTable(), base.ledgerTtl(), base.reportBucket(), base.allowedAccounts(),
                base.policy(), base.drill(), new AwsSettings.Census(Map.of(new DatabaseId("orders"), SOURCE_SECRET),
                AwsSettings.DEFAULT_COUNT_TOLERANCE));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RdsSnapshotStore primary = new RdsSnapshotStore(rdsClients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                base.databases(), ManifestSource.NONE, clock);
        SnapshotSchedulerHandler handler = new SnapshotSchedulerHandler(withCensus, primary, primary, SnapshotCensus.NONE,
                new InMemoryRunLedger(), clock, lines.log(SnapshotSchedulerHandler.NAME));

        java.util.List<String> operations = handler.plan(event).stream()
                .map(c -> c.operation() + (c.parameters().containsKey("Key") ? " " + c.parameters().get("Key") : "")).toList();

        assertThat(operations).containsSubsequence("GetSecretValue", "CreateDBSnapshot", "PutObject manifests/" + ORDERS_ID + ".json")
                .contains("CreateDBClusterSnapshot");
        assertThat(operations).filteredOn(o -> o.startsWith("PutObject")).hasSize(1);
        assertThat(api.allRequests()).isEmpty();
    }
}

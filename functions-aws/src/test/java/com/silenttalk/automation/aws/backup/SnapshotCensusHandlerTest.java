package com.silenttalk.automation.aws.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.silenttalk.automation.aws.rotation.SecretsManagerApi;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotCensus;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The census function end to end: a real PostgreSQL as the source database, Secrets Manager's JSON
 * protocol on WireMock for its credentials, S3Mock for the manifest. The drill side of these manifests
 * is in {@code aws.drill.DrillStepHandlerTest}.
 */
@ExtendWith({S3Mock.class, Postgres.class})
class SnapshotCensusHandlerTest {
    /** The census runs seconds after the schedule fires; the snapshot's name comes from the event's time. */
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final String ORDERS_ID = "st-auto-orders-20260301t0600z";
    static final String SOURCE_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf";
    static final String SOURCE_DB = "orders_census_source";
    static final CountTolerance TOLERANCE = new CountTolerance(0.01, 5);

    SecretsManagerApi secretsManager;
    AwsClients secretClients;
    AwsClients s3Clients;
    S3Client s3;
    String bucket;
    Lines lines = new Lines();
    InMemoryRunLedger ledger = new InMemoryRunLedger();
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
    void start(LocalProcessServer s3mock, Postgres.Server pg) throws Exception {
        this.pg = pg;
        try (Connection c = DriverManager.getConnection(pg.url(SOURCE_DB), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS silenttalk_ops CASCADE"); // each test counts its own markers
        }
        secretsManager = new SecretsManagerApi();
        secretClients = TestAws.clients(secretsManager.endpoint());
        s3Clients = TestAws.clients(s3mock.endpoint());
        s3 = s3Clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
    }

    @AfterEach
    void stop() {
        secretClients.close();
        s3Clients.close();
        secretsManager.close();
    }

    /** The source's RDS-style secret, as Secrets Manager returns it for AWSCURRENT. */
    void secretHolds(String password) {
        String secretString = Json.write(Map.of("engine", "postgres", "host", "127.0.0.1", "port", pg.port(),
                "dbname", SOURCE_DB, "username", Postgres.USER, "password", password));
        secretsManager.on("GetSecretValue", "VersionStage", "AWSCURRENT", 200,
                SecretsManagerApi.value("v1", List.of("AWSCURRENT"), secretString));
    }

    AwsSettings settingsWithCensus() {
        return TestSettings.withCensus(Map.of(new DatabaseId("orders"), SOURCE_SECRET), TOLERANCE);
    }

    SnapshotCensusHandler handler() {
        return handler(JdbcSnapshotCensus.DEADLINE);
    }

    SnapshotCensusHandler handler(java.time.Duration censusDeadline) {
        AwsSettings settings = settingsWithCensus();
        JdbcSnapshotCensus jdbc = new JdbcSnapshotCensus(settings.census(), arn -> {
            assertThat(arn).isEqualTo(SOURCE_SECRET);
            return new SecretsManagerSecretStore(secretClients.secretsManager(TestAws.PRIMARY));
        }, new S3ManifestSource(s3, bucket), "prefer", lines.log(SnapshotCensusHandler.NAME), censusDeadline);
        return new SnapshotCensusHandler(settings, jdbc, ledger, Clock.fixed(NOW, ZoneOffset.UTC),
                lines.log(SnapshotCensusHandler.NAME));
    }

    long markers() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(SOURCE_DB), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SnapshotMarker.TABLE + " WHERE snapshot_id = '"
                     + ORDERS_ID + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // no census ever created the marker table
        }
    }

    List<String> manifestKeys() {
        return s3.listObjectsV2(r -> r.bucket(bucket).prefix("manifests/")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenScheduled_keepsTheWindowsManifestMeasuredAtACommittedMarker(Map<String, Object> event) throws Exception {
        secretHolds(Postgres.PASSWORD);

        Map<String, Object> out = handler().handleRequest(event, null);

        SnapshotManifest manifest = new S3ManifestSource(s3, bucket).manifest(new SnapshotId(ORDERS_ID)).orElseThrow();
        assertThat(manifest.marker()).isNotNull();
        assertThat(manifest.consistentPoint()).isEqualTo(NOW);
        assertThat(manifest.countTolerance()).isEqualTo(TOLERANCE);
        assertThat(manifest.rowCounts()).containsEntry("public.orders", 300L);
        assertThat(manifest.schemaFingerprint()).matches("[0-9a-f]{64}");
        // the object inventory travels in the manifest's JSON, fingerprinted as the schema check compares it
        assertThat(manifest.objects().kinds()).containsOnlyKeys(ObjectInventory.ALL_KINDS);
        assertThat(manifest.objects().objects(ObjectInventory.SCHEMA)).containsKey("table public.orders");
        assertThat(manifest.objects().digest(ObjectInventory.SCHEMA)).isEqualTo(manifest.schemaFingerprint());
        assertThat(markers()).isEqualTo(1);
        // the credentials were asked for by ARN and stage over Secrets Manager's JSON protocol
        assertThat(secretsManager.requests("GetSecretValue")).singleElement().satisfies(r ->
                assertThat(json(r.getBodyAsString())).containsEntry("SecretId", SOURCE_SECRET)
                        .containsEntry("VersionStage", "AWSCURRENT"));
        assertThat(ledger.find(new RunKey("census/orders/20260301t0600z")))
                .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED));
        // chat has no census secret: no manifest, said once as an ERROR with the metric; the function still succeeds
        assertThat(out.get("databases").toString()).contains("orders", "MEASURED", "chat", "NOT_MEASURED");
        assertThat(lines.all()).filteredOn(l -> l.contains("\"level\":\"ERROR\"")).singleElement()
                .satisfies(l -> assertThat(l).contains("ST_CENSUS_SECRET_ARNS names no secret for chat"));
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"SnapshotWithoutManifest\":1"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenTheEventIsDeliveredTwice_commitsOneMarkerAndKeepsOneManifest(Map<String, Object> event)
            throws Exception {
        secretHolds(Postgres.PASSWORD);
        SnapshotCensusHandler handler = handler();

        handler.handleRequest(event, null);
        Map<String, Object> second = handler.handleRequest(event, null);

        assertThat(markers()).isEqualTo(1);
        assertThat(manifestKeys()).containsExactly("manifests/" + ORDERS_ID + ".json");
        assertThat(secretsManager.requests("GetSecretValue")).hasSize(1);
        assertThat(second.get("databases").toString()).contains("ALREADY_MEASURED");
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenTheCensusPassesItsDeadline_abandonsItKeepsNothingAndStillSucceeds(Map<String, Object> event)
            throws Exception {
        secretHolds(Postgres.PASSWORD);
        Map<String, Object> out;
        // a migration holding the table: the census's count waits on the lock until its deadline aborts it
        try (Connection migration = DriverManager.getConnection(pg.url(SOURCE_DB), Postgres.USER, Postgres.PASSWORD);
             Statement s = migration.createStatement()) {
            migration.setAutoCommit(false);
            s.execute("LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");

            out = handler(java.time.Duration.ofSeconds(1)).handleRequest(event, null);

            migration.rollback();
        }

        assertThat(out.get("databases").toString()).contains("orders", "NOT_MEASURED");
        assertThat(manifestKeys()).isEmpty();
        assertThat(markers()).isZero();
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"level\":\"ERROR\"")
                .contains("passed its deadline of 1 s"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenTheSourceRefusesTheLogin_succeedsSoTheSchedulerRunsAndSaysWhyWithoutThePassword(
            Map<String, Object> event) throws Exception {
        String wrong = "wrong-census-password-never-logged";
        secretHolds(wrong);

        Map<String, Object> out = handler().handleRequest(event, null);

        assertThat(out.get("databases").toString()).contains("orders", "NOT_MEASURED");
        assertThat(manifestKeys()).isEmpty();
        assertThat(markers()).isZero();
        assertThat(ledger.find(new RunKey("census/orders/20260301t0600z")))
                .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.FAILED));
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"level\":\"ERROR\"").contains("\"database\":\"orders\"")
                .contains("28P01").contains("a drill cannot verify it"));
        assertThat(lines.all()).allSatisfy(l -> assertThat(l).doesNotContain(wrong).doesNotContain(Postgres.PASSWORD)
                .doesNotContain(TestAws.SECRET_KEY));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void handleRequest_whenSecretsManagerKeepsFailing_succeedsWithOneErrorLineAfterBoundedRetries(Map<String, Object> event) {
        secretsManager.on("GetSecretValue", 500,
                "{\"__type\": \"InternalServiceError\", \"Message\": \"An error occurred on the server side.\"}");

        Map<String, Object> out = handler().handleRequest(event, null);

        assertThat(out.get("databases").toString()).contains("orders", "NOT_MEASURED");
        assertThat(secretsManager.requests("GetSecretValue")).hasSize(TestAws.FAST_RETRY.maxAttempts());
        assertThat(manifestKeys()).isEmpty();
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"database\":\"orders\"")
                .contains("could not read its secret or keep its manifest"));
    }

    @ParameterizedTest
    @Events(type = Map.class, events = {
            @Event("events/eventbridge/scheduled-event-wrong-source.json"),
            @Event("events/eventbridge/scheduled-event-missing-account.json"),
            @Event("events/eventbridge/scheduled-event-foreign-account.json")})
    void handleRequest_whenEventIsNotOurs_rejectsWithOneLineAndTouchesNothing(Map<String, Object> event) throws Exception {
        assertThatThrownBy(() -> handler().handleRequest(event, null)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isIn("source", "account"));

        assertThat(secretsManager.requests("GetSecretValue")).isEmpty();
        assertThat(ledger.writes()).isEmpty();
        assertThat(manifestKeys()).isEmpty();
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"rejected\":"));
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void plan_whenACensusSecretIsConfigured_listsTheSecretReadAndTheManifestWriteOfTheEventsWindow(Map<String, Object> event) {
        SnapshotCensusHandler late = new SnapshotCensusHandler(settingsWithCensus(), handlerCensusNeverCalled(), ledger,
                Clock.fixed(NOW.plus(Duration.ofHours(9)), ZoneOffset.UTC), lines.log(SnapshotCensusHandler.NAME));

        List<String> operations = late.plan(event).stream()
                .map(c -> c.operation() + (c.parameters().containsKey("Key") ? " " + c.parameters().get("Key") : "")).toList();

        assertThat(operations).containsExactly("GetSecretValue", "PutObject manifests/" + ORDERS_ID + ".json");
        assertThat(late.plan(event)).extracting(PlannedCall::service).containsExactly("secretsmanager", "s3");
        assertThat(secretsManager.requests("GetSecretValue")).isEmpty();
        assertThat(ledger.writes()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge/scheduled-event.json", type = Map.class)
    void requiredActions_whenAsked_areTheSecretReadTheManifestWriteAndTheLedgerOnly(Map<String, Object> event) {
        assertThat(handler().requiredActions()).containsExactly("dynamodb:GetItem", "dynamodb:PutItem",
                "kms:GenerateDataKey", "s3:PutObject", "secretsmanager:GetSecretValue");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) throws Exception {
        return Json.MAPPER.readValue(body, Map.class);
    }

    static SnapshotCensus handlerCensusNeverCalled() {
        return new SnapshotCensus() {
            @Override
            public java.util.Optional<SnapshotManifest> measureAndKeep(DatabaseId database, SnapshotId id, Instant now) {
                throw new AssertionError("a dry-run must not measure");
            }

            @Override
            public List<String> requiredActions() {
                return List.of();
            }
        };
    }
}

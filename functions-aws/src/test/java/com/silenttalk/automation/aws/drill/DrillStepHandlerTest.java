package com.silenttalk.automation.aws.drill;

import static com.silenttalk.automation.aws.testing.RdsApi.dbInstance;
import static com.silenttalk.automation.aws.testing.RdsApi.dbSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeInstances;
import static com.silenttalk.automation.aws.testing.RdsApi.describeSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.instanceNotFound;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.backup.RdsCrossRegionCopier;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.backup.SuiteTags;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.aws.backup.JdbcSnapshotCensus;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith({S3Mock.class, Postgres.class})
class DrillStepHandlerTest {
    static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");
    static final String REPLICA = "st-auto-orders-20260301t0000z";
    static final SnapshotManifest MANIFEST = new SnapshotManifest(new SnapshotId(REPLICA), new DatabaseId("orders"),
            Instant.parse("2026-03-01T00:00:04Z"), "15.8", "fp-0123456789abcdef", Map.of("public.orders", 120L),
            "b".repeat(64), 8192);

    RdsApi api;
    AwsClients rdsClients;
    AwsClients s3Clients;
    S3Client s3;
    String bucket;
    Lines lines = new Lines();
    AwsSettings settings = TestSettings.settings();

    @BeforeEach
    void start(LocalProcessServer s3mock) {
        api = new RdsApi();
        rdsClients = TestAws.clients(api.endpoint());
        s3Clients = TestAws.clients(s3mock.endpoint());
        s3 = s3Clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        api.on("DescribeDBSnapshots", 200, describeSnapshots(dbSnapshot(REPLICA, "orders", TestAws.DR, "available",
                Instant.parse("2026-03-01T00:00:04Z"), Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE,
                        SuiteTags.DATABASE, "orders", SuiteTags.COPIED_FROM, "eu-west-1/" + REPLICA))));
        api.on("RestoreDBInstanceFromDBSnapshot", 200, response("RestoreDBInstanceFromDBSnapshot",
                dbInstance("drill-orders-20260301t0200z", "creating", null)));
        api.on("DeleteDBInstance", 200, response("DeleteDBInstance",
                dbInstance("drill-orders-20260301t0200z", "deleting", "h")));
        api.on("AddTagsToResource", 200, "<AddTagsToResourceResponse xmlns=\"" + RdsApi.NS
                + "\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AddTagsToResourceResponse>");
        api.on("DescribeDBClusters", 404, RdsApi.clusterNotFound("drill-orders-20260301t0200z"));
        // not there → restoring → available → (teardown) available → gone
        String available = describeInstances(dbInstance("drill-orders-20260301t0200z", "available",
                "drill-orders-20260301t0200z.abc.eu-central-1.rds.amazonaws.com"));
        api.sequence("DescribeDBInstances", List.of(
                new RdsApi.Answer(404, instanceNotFound("drill-orders-20260301t0200z")),
                new RdsApi.Answer(200, available), new RdsApi.Answer(200, available),
                new RdsApi.Answer(404, instanceNotFound("drill-orders-20260301t0200z"))));
    }

    @AfterEach
    void stop() {
        rdsClients.close();
        s3Clients.close();
        api.close();
    }

    DrillStepHandler handler(DatabaseInspector inspector, ManifestSource manifests, Clock clock) {
        RdsSnapshotStore primary = new RdsSnapshotStore(rdsClients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), manifests, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(rdsClients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), manifests, clock);
        RdsCrossRegionCopier copier = new RdsCrossRegionCopier(dr, rdsClients.rds(TestAws.DR), TestAws.ACCOUNT,
                settings.drKmsKeyId(), settings::kindOf);
        return new DrillStepHandler(settings, primary, dr, copier,
                new RdsRestorer(rdsClients.rds(TestAws.DR), TestAws.DR, TestSettings.DRILL), inspector,
                new InMemoryRunLedger(), new S3ReportWriter(s3, bucket), clock, lines.log(DrillStepHandler.NAME));
    }

    static ManifestSource manifests() {
        return new ManifestSource() {
            @Override
            public Optional<SnapshotManifest> manifest(SnapshotId id) {
                return id.value().equals(REPLICA) ? Optional.of(MANIFEST) : Optional.empty();
            }

            @Override
            public List<String> requiredActions() {
                return List.of();
            }
        };
    }

    /** Runs the Step Functions loop: call, wait as told (the clock moves), repeat until done. */
    List<Map<String, Object>> runLoop(DrillStepHandler[] handlerAt, Map<String, Object> start, MutableClock clock) {
        List<Map<String, Object>> turns = new ArrayList<>();
        Map<String, Object> input = start;
        for (int turn = 0; turn < 20; turn++) {
            Map<String, Object> out = handlerAt[0].handleRequest(Json.toMap(input), null);
            turns.add(out);
            if (Boolean.TRUE.equals(out.get("done"))) {
                return turns;
            }
            clock.advanceSeconds(((Number) out.get("waitSeconds")).longValue());
            // the state crosses the engine as JSON text, as Step Functions carries it
            input = Json.fromMap(Json.MAPPER.convertValue(out, Map.class), Map.class);
        }
        throw new AssertionError("drill did not finish in 20 turns: " + turns.get(turns.size() - 1));
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advanceSeconds(long s) {
            now = now.plusSeconds(Math.max(1, s));
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenVerificationFailsMidway_stillDeletesTheInstanceSkippingTheFinalSnapshot(Map<String, Object> start) {
        MutableClock clock = new MutableClock(NOW);
        DatabaseInspector broken = (instance, probes) -> {
            throw new IllegalStateException("connection refused by " + instance.host());
        };
        DrillStepHandler[] handler = {handler(broken, manifests(), clock)};

        List<Map<String, Object>> turns = runLoop(handler, start, clock);

        Map<String, Object> last = turns.get(turns.size() - 1);
        assertThat(last).containsEntry("done", true).containsEntry("passed", false);
        assertThat((String) last.get("summary")).contains("step verify failed").contains("connection refused");
        assertThat(api.requests("DeleteDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", "drill-orders-20260301t0200z")
                .containsEntry("SkipFinalSnapshot", "true"));
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBSnapshotIdentifier", REPLICA).containsEntry("DBSubnetGroupName", "st-drill-isolated"));
        String key = (String) last.get("reportKey");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String()).contains("\"passed\":false");
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"DrillPassed\":0"));
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenRestoreMatchesTheManifest_passesReportsRtoAndTearsDown(Map<String, Object> start) {
        MutableClock clock = new MutableClock(NOW);
        DatabaseInspector healthy = (instance, probes) -> new DatabaseFacts(true, true, "TLSv1.3",
                MANIFEST.schemaFingerprint(), MANIFEST.rowCounts(), Map.of());
        DrillStepHandler[] handler = {handler(healthy, manifests(), clock)};

        List<Map<String, Object>> turns = runLoop(handler, start, clock);

        Map<String, Object> last = turns.get(turns.size() - 1);
        assertThat(last).containsEntry("passed", true);
        assertThat(api.requests("DeleteDBInstance")).hasSize(1);
        assertThat(turns).anySatisfy(t -> assertThat(((Number) t.get("waitSeconds")).longValue()).isPositive());
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"DrillPassed\":1").contains("\"RtoSeconds\""));
        assertThat(api.requests("AddTagsToResource")).singleElement()
                .satisfies(form -> assertThat(RdsApi.tags(form)).containsEntry("silenttalk:verification", "VERIFIED"));
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenTheNewestReplicaHasNoManifest_drillsTheNewestOneThatHasAndSaysSo(Map<String, Object> start) {
        String unmeasured = "st-auto-orders-20260301t0100z";
        Map<String, String> tags = Map.of(SuiteTags.CREATED_BY, SuiteTags.CREATED_BY_VALUE, SuiteTags.DATABASE, "orders");
        api.on("DescribeDBSnapshots", 200, describeSnapshots(
                dbSnapshot(REPLICA, "orders", TestAws.DR, "available", Instant.parse("2026-03-01T00:00:04Z"), tags),
                dbSnapshot(unmeasured, "orders", TestAws.DR, "available", Instant.parse("2026-03-01T01:00:04Z"), tags)));
        DrillStepHandler handler = handler((i, p) -> null, manifests(), Clock.fixed(NOW, ZoneOffset.UTC));

        handler.handleRequest(start, null);

        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("DBSnapshotIdentifier", REPLICA));
        assertThat(lines.all()).anySatisfy(l -> assertThat(l).contains("\"unverifiable\":")
                .contains("manifests/" + unmeasured + ".json").contains("\"drilling\":"));
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenReplicaHasNoManifest_failsBeforeRestoringAnything(Map<String, Object> start) {
        DrillStepHandler handler = handler((i, p) -> null, ManifestSource.NONE, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> handler.handleRequest(start, null)).hasMessageContaining("has no manifest")
                .hasMessageContaining("manifests/" + REPLICA + ".json");
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
        assertThat(api.allRequests()).allSatisfy(form -> assertThat(form.get("Action")).startsWith("Describe"));
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"refused\":")
                .contains("has no manifest").doesNotContain("\n"));
    }

    @ParameterizedTest
    @Events(type = Map.class, events = {
            @Event("events/stepfunctions/drill-start-unknown-database.json"),
            @Event("events/stepfunctions/drill-not-a-state.json"),
            @Event("events/rds/db-snapshot-created.json")})
    void handleRequest_whenInputIsNotAStartOrAState_rejectsAndCallsNothing(Map<String, Object> input) {
        DrillStepHandler handler = handler((i, p) -> null, manifests(), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> handler.handleRequest(input, null)).isInstanceOf(InvalidFieldException.class);
        assertThat(api.allRequests()).isEmpty();
        assertThat(lines.all()).singleElement().satisfies(l -> assertThat(l).contains("\"rejected\":"));
    }

    // ---- storage-level snapshots verified against the census (a real PostgreSQL plays source and restored copy)

    static final String CENSUS_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf";
    static final CountTolerance TOLERANCE = new CountTolerance(0.01, 5);

    /** The "source" database; the drill's restored copy is the same database, as a restore of it would be. */
    static void freshSource(Postgres.Server pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + TestSettings.DRILL.databaseName());
            s.execute("CREATE DATABASE " + TestSettings.DRILL.databaseName());
        }
        sql(pg, "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric NOT NULL)",
                "INSERT INTO public.orders SELECT g, g * 2 FROM generate_series(1, 120) g");
    }

    static void sql(Postgres.Server pg, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(TestSettings.DRILL.databaseName()), Postgres.USER,
                Postgres.PASSWORD); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    static InMemorySecretStore secret(String arn, Postgres.Server pg) {
        return new InMemorySecretStore(arn, "v1", new Credential(Postgres.USER, "127.0.0.1",
                Postgres.PASSWORD.toCharArray(), Map.of("port", Integer.toString(pg.port()),
                "dbname", TestSettings.DRILL.databaseName())));
    }

    /** The census function's measurement of the source, kept in S3 as the replica's manifest (the copy keeps the snapshot's name). */
    SnapshotManifest census(Postgres.Server pg, S3ManifestSource manifests) {
        JdbcSnapshotCensus census = new JdbcSnapshotCensus(
                new AwsSettings.Census(Map.of(new DatabaseId("orders"), CENSUS_SECRET), TOLERANCE),
                arn -> secret(CENSUS_SECRET, pg), manifests, "prefer", lines.log("snapshot-census"));
        return census.measureAndKeep(new DatabaseId("orders"), new SnapshotId(REPLICA),
                Instant.parse("2026-03-01T00:00:02Z")).orElseThrow();
    }

    /** The restored instance's endpoint is the local server. */
    void restoredAt(Postgres.Server pg) {
        String available = describeInstances(dbInstance("drill-orders-20260301t0200z", "available", "127.0.0.1", pg.port()));
        api.sequence("DescribeDBInstances", List.of(
                new RdsApi.Answer(404, instanceNotFound("drill-orders-20260301t0200z")),
                new RdsApi.Answer(200, available), new RdsApi.Answer(200, available),
                new RdsApi.Answer(404, instanceNotFound("drill-orders-20260301t0200z"))));
    }

    List<Map<String, Object>> drill(Postgres.Server pg, S3ManifestSource manifests, Map<String, Object> start) {
        restoredAt(pg);
        MutableClock clock = new MutableClock(NOW);
        JdbcRestoreInspector inspector = new JdbcRestoreInspector(
                new SecretsManagerRestoreCredentials(arn -> secret(TestSettings.DRILL.masterSecretArn(), pg)), "prefer");
        DrillStepHandler[] handler = {handler(inspector, manifests, clock)};
        return runLoop(handler, start, clock);
    }

    String report(Map<String, Object> last) {
        String key = (String) last.get("reportKey");
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenRestoreHoldsTheMarkerAndCountsDriftWithinTolerance_verifiesTheContentAndTagsVerified(
            Map<String, Object> start, Postgres.Server pg) throws Exception {
        freshSource(pg);
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        census(pg, manifests);
        // committed after the marker but before RDS's storage-level point: legitimately in the snapshot
        sql(pg, "INSERT INTO public.orders SELECT g, 1 FROM generate_series(121, 123) g");

        Map<String, Object> last = last(drill(pg, manifests, start));

        String report = report(last);
        // every check passes except tls: the throwaway server offers no TLS and the Lambda requires it (RDS offers it)
        List<String> failed = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Object check : (List<?>) Json.MAPPER.readValue(report, Map.class).get("checks")) {
            Map<?, ?> c = (Map<?, ?>) check;
            named.add((String) c.get("name"));
            if (!Boolean.TRUE.equals(c.get("passed"))) {
                failed.add((String) c.get("name"));
            }
        }
        assertThat(failed).containsExactly("tls");
        // the census's object inventory went through S3 and every kind is a named check of the drill's report
        assertThat(named).containsAll(ObjectInventory.ALL_KINDS);
        assertThat(report).contains("\"name\":\"snapshot-marker\",\"passed\":true")
                .contains("\"name\":\"schema-fingerprint\",\"passed\":true");
        assertThat(report).contains("snapshot-marker").contains("at or after it").contains("largest drift 3")
                .doesNotContain(Postgres.PASSWORD);
        assertThat(api.requests("AddTagsToResource")).singleElement()
                .satisfies(form -> assertThat(RdsApi.tags(form)).containsEntry("silenttalk:verification", "VERIFIED"));
        assertThat(api.requests("DeleteDBInstance")).singleElement()
                .satisfies(form -> assertThat(form).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(lines.all()).allSatisfy(l -> assertThat(l).doesNotContain(Postgres.PASSWORD));
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenTheMarkerIsNotInTheRestore_failsTagsFailedAndStillDeletes(
            Map<String, Object> start, Postgres.Server pg) throws Exception {
        freshSource(pg);
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        SnapshotManifest real = census(pg, manifests);
        // a snapshot older than its manifest: same schema and counts, but a marker it never saw
        SnapshotMarker unseen = new SnapshotMarker(UUID.randomUUID().toString(), real.consistentPoint());
        manifests.put(SnapshotManifest.atMarker(real.snapshotId(), real.database(), unseen, real.serverVersion(),
                real.schemaFingerprint(), real.rowCounts(), TOLERANCE));

        Map<String, Object> last = last(drill(pg, manifests, start));

        assertThat(last).containsEntry("passed", false);
        assertThat(report(last)).contains(unseen.id() + " written").contains("predates the manifest");
        assertThat(api.requests("AddTagsToResource")).singleElement()
                .satisfies(form -> assertThat(RdsApi.tags(form)).containsEntry("silenttalk:verification", "FAILED"));
        assertThat(api.requests("DeleteDBInstance")).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start.json", type = Map.class)
    void handleRequest_whenCountsDriftBeyondTolerance_failsNamingTheTable(
            Map<String, Object> start, Postgres.Server pg) throws Exception {
        freshSource(pg);
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        census(pg, manifests);
        sql(pg, "DELETE FROM public.orders WHERE id > 100");

        Map<String, Object> last = last(drill(pg, manifests, start));

        assertThat(last).containsEntry("passed", false);
        assertThat(report(last)).contains("public.orders: restored 100 rows, snapshot had 120 (allowed drift 5)");
        assertThat(api.requests("AddTagsToResource")).singleElement()
                .satisfies(form -> assertThat(RdsApi.tags(form)).containsEntry("silenttalk:verification", "FAILED"));
    }

    static Map<String, Object> last(List<Map<String, Object>> turns) {
        return turns.get(turns.size() - 1);
    }

    // ---- Aurora cluster drills

    static final String CLUSTER_REPLICA = "st-auto-chat-20260301t0000z";
    static final String CLUSTER_DRILL = "drill-chat-20260301t0200z";

    @ParameterizedTest
    @Event(value = "events/stepfunctions/drill-start-cluster.json", type = Map.class)
    void handleRequest_whenAClusterDrillFailsMidway_stillDeletesTheWriterAndTheClusterSkippingFinalSnapshots(
            Map<String, Object> start) {
        api.on("DescribeDBClusterSnapshots", 200, RdsApi.describeClusterSnapshots(RdsApi.dbClusterSnapshot(CLUSTER_REPLICA,
                "chat", TestAws.DR, "available", Instant.parse("2026-03-01T00:00:05Z"), Map.of(SuiteTags.CREATED_BY,
                        SuiteTags.CREATED_BY_VALUE, SuiteTags.DATABASE, "chat", SuiteTags.COPIED_FROM, "eu-west-1/" + CLUSTER_REPLICA))));
        String endpoint = CLUSTER_DRILL + ".cluster-abc.eu-central-1.rds.amazonaws.com";
        String available = RdsApi.describeClusters(RdsApi.dbCluster(CLUSTER_DRILL, "available", endpoint, 5432));
        // restore: absent → available (writer created) → available (writer ready); teardown: available → gone
        api.sequence("DescribeDBClusters", List.of(new RdsApi.Answer(404, RdsApi.clusterNotFound(CLUSTER_DRILL)),
                new RdsApi.Answer(200, available), new RdsApi.Answer(200, available), new RdsApi.Answer(200, available),
                new RdsApi.Answer(404, RdsApi.clusterNotFound(CLUSTER_DRILL))));
        api.on("DescribeDBInstances", 404, instanceNotFound(CLUSTER_DRILL));
        String writer = CLUSTER_DRILL + "-writer";
        String writerUp = describeInstances(RdsApi.clusterMember(writer, CLUSTER_DRILL, "available"));
        api.sequence("DescribeDBInstances", "DBInstanceIdentifier=" + writer, List.of(
                new RdsApi.Answer(404, instanceNotFound(writer)), new RdsApi.Answer(200, writerUp),
                new RdsApi.Answer(200, writerUp)));
        api.on("RestoreDBClusterFromSnapshot", 200, response("RestoreDBClusterFromSnapshot",
                RdsApi.dbCluster(CLUSTER_DRILL, "creating", null, 5432)));
        api.on("CreateDBInstance", 200, response("CreateDBInstance", RdsApi.clusterMember(writer, CLUSTER_DRILL, "creating")));
        api.on("DeleteDBInstance", 200, response("DeleteDBInstance", RdsApi.clusterMember(writer, CLUSTER_DRILL, "deleting")));
        api.on("DeleteDBCluster", 200, response("DeleteDBCluster", RdsApi.dbCluster(CLUSTER_DRILL, "deleting", endpoint, 5432)));
        SnapshotManifest chatManifest = new SnapshotManifest(new SnapshotId(CLUSTER_REPLICA), new DatabaseId("chat"),
                Instant.parse("2026-03-01T00:00:04Z"), "15.8", "fp-chat", Map.of("public.messages", 9L), "c".repeat(64), 1);
        ManifestSource chatManifests = new ManifestSource() {
            @Override
            public Optional<SnapshotManifest> manifest(SnapshotId id) {
                return id.value().equals(CLUSTER_REPLICA) ? Optional.of(chatManifest) : Optional.empty();
            }

            @Override
            public List<String> requiredActions() {
                return List.of();
            }
        };
        MutableClock clock = new MutableClock(NOW);
        DatabaseInspector broken = (instance, probes) -> {
            assertThat(instance.host()).isEqualTo(endpoint);
            throw new IllegalStateException("connection refused by " + instance.host());
        };
        RdsSnapshotStore primary = new RdsSnapshotStore(rdsClients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                settings.databases(), chatManifests, clock);
        RdsSnapshotStore dr = new RdsSnapshotStore(rdsClients.rds(TestAws.DR), TestAws.DR, TestAws.ACCOUNT,
                settings.databases(), chatManifests, clock);
        DrillStepHandler[] handler = {new DrillStepHandler(settings, primary, dr,
                new RdsCrossRegionCopier(dr, rdsClients.rds(TestAws.DR), TestAws.ACCOUNT, settings.drKmsKeyId(), settings::kindOf),
                new RdsRestorer(rdsClients.rds(TestAws.DR), TestAws.DR, TestSettings.DRILL, settings::kindOf), broken,
                new InMemoryRunLedger(), new S3ReportWriter(s3, bucket), clock, lines.log(DrillStepHandler.NAME))};

        Map<String, Object> last = last(runLoop(handler, start, clock));

        assertThat(last).containsEntry("passed", false);
        assertThat((String) last.get("summary")).contains("step verify failed").contains("connection refused");
        assertThat(api.requests("RestoreDBClusterFromSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("SnapshotIdentifier", CLUSTER_REPLICA).containsEntry("DBSubnetGroupName", "st-drill-isolated"));
        assertThat(api.requests("CreateDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBClusterIdentifier", CLUSTER_DRILL));
        assertThat(api.requests("DeleteDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", writer).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(api.requests("DeleteDBCluster")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBClusterIdentifier", CLUSTER_DRILL).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
    }
}

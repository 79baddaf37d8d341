package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.DurableReplay;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #18 item 3, wired: the six-hour window dumps a database above ST_CHUNKED_DUMP_ABOVE_BYTES through a ChunkedDump
 * sub-orchestration (point-in-time restore at the backup's completion, parts, commit), a small one in its own branch.
 * BackupWindow runs through durabletask's runner (DurableReplay, the sub-orchestration replayed on its own history)
 * against azurite, a WireMock ARM and PostgreSQL 15.
 */
@ExtendWith({Azurite.class, Postgres.class})
class BackupWindowInPartsTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final Instant COMPLETED = Instant.parse("2026-03-01T06:00:40Z");
    static final String SECRET_URI = "https://st-ops-kv.vault.azure.net/secrets/drill-admin";
    static final SnapshotId SMALL = new SnapshotId("st-auto-orders-20260301t0600z");
    static final SnapshotId LARGE = new SnapshotId("st-auto-chats-20260301t0600z");

    ArmApi api;
    Postgres.Server pg;
    Azurite.Accounts accounts;
    String container;
    String ledgerTable;
    BackupBlobs blobs;
    String smallDb;
    String largeDb;
    ExecutorService workers;

    @BeforeEach
    void start(Azurite.Accounts accounts, Postgres.Server pg) throws SQLException {
        this.accounts = accounts;
        this.pg = pg;
        api = new ArmApi();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        container = "backups-" + suffix;
        ledgerTable = "ledger" + suffix;
        AzureClients clients = TestAzure.clients();
        clients.container(accounts.primary(), container).create();
        clients.container(accounts.paired(), container).create();
        clients.table(accounts.primary(), ledgerTable).createTable();
        blobs = new BackupBlobs(clients.container(accounts.primary(), container), "westeurope");
        smallDb = "small" + suffix;
        largeDb = "large" + suffix;
        execute("postgres", "CREATE DATABASE " + smallDb);
        execute("postgres", "CREATE DATABASE " + largeDb);
        execute(smallDb, "CREATE TABLE public.items (id bigint PRIMARY KEY); INSERT INTO public.items SELECT generate_series(1, 500)");
        // ~8 MB more than the small one: above a threshold set between the two
        execute(largeDb, "CREATE TABLE public.kinds (kind text PRIMARY KEY); INSERT INTO public.kinds SELECT 'k' || i FROM generate_series(0, 9) i;"
                + " CREATE TABLE public.events (id bigint PRIMARY KEY, kind text REFERENCES public.kinds, body text);"
                + " INSERT INTO public.events SELECT i, 'k' || (i % 10), repeat(md5(i::text), 2) FROM generate_series(1, 60000) i");
        for (String server : List.of("orders", "chats")) {
            SnapshotId id = server.equals("orders") ? SMALL : LARGE;
            api.server.stubFor(get(urlPathEqualTo(api.backupPath(server, id.value()))).willReturn(aResponse().withStatus(200)
                    .withBody(ArmApi.backup(server, id.value(), "2026-03-01T06:00:40+00:00"))));
            api.server.stubFor(get(urlPathEqualTo(api.serverPath(server))).willReturn(aResponse().withStatus(200)
                    .withBody(ArmApi.server(server, "Ready").replace(server + ".postgres.database.azure.com", "127.0.0.1")
                            .replace("\"stadmin\"", "\"" + Postgres.USER + "\""))));
            api.server.stubFor(post(urlPathEqualTo(api.serverPath(server) + "/metrics")).willReturn(aResponse().withStatus(200)));
        }
        workers = Executors.newFixedThreadPool(3);
    }

    @AfterEach
    void stop() throws SQLException {
        workers.shutdownNow();
        api.close();
        execute("postgres", "DROP DATABASE IF EXISTS " + smallDb + " WITH (FORCE)");
        execute("postgres", "DROP DATABASE IF EXISTS " + largeDb + " WITH (FORCE)");
    }

    /** The point-in-time restore of chats: not there, PUT (ARM creates it, at the test's PostgreSQL), then Ready; DELETE. */
    String stubTheRestore() {
        String name = PointInTimeDumpSource.nameFor(LARGE.value());
        String path = api.serverPath(name);
        String ready = PointInTimeDumpSourceTest.dumpSource(name, "Ready", name, COMPLETED.toString())
                .replace(name + ".postgres.database.azure.com", "127.0.0.1").replace("\"stadmin\"", "\"" + Postgres.USER + "\"");
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withBody(ready.replace("\"Ready\"", "\"Provisioning\""))).willSetStateTo("restored"));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs("restored")
                .willReturn(aResponse().withStatus(200).withBody(ready)));
        api.server.stubFor(delete(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs("restored")
                .willReturn(aResponse().withStatus(204)).willSetStateTo(Scenario.STARTED));
        return path;
    }

    /** Between the two databases' sizes: chats is above it, orders below. */
    long threshold() throws SQLException {
        long small = size(smallDb);
        long large = size(largeDb);
        assertThat(large).as("the large database is larger").isGreaterThan(small + (2 << 20));
        return small + (large - small) / 2;
    }

    DurableReplay.Outcome runTheWindow(long inPartsAboveBytes) {
        ManualClock clock = new ManualClock(NOW);
        Map<String, String> env = new HashMap<>(Map.of("AZURE_SUBSCRIPTION_ID", TestAzure.SUBSCRIPTION,
                "ST_RESOURCE_GROUP", TestAzure.RESOURCE_GROUP, "ST_PRIMARY_REGION", "westeurope", "ST_PAIRED_REGION", "northeurope",
                "ST_DATABASES", "orders,chats", "ST_BACKUP_ACCOUNT", Azurite.PRIMARY, "ST_PAIRED_ACCOUNT", Azurite.PAIRED,
                "ST_BACKUP_CONTAINER", container, "ST_LEDGER_TABLE", ledgerTable, "ST_DRILL_ADMIN_SECRET_URI", SECRET_URI));
        env.put("ST_CHUNKED_DUMP_ABOVE_BYTES", String.valueOf(inPartsAboveBytes));
        AzureSettings settings = AzureSettings.fromEnv(env);
        AzureClients clients = TestAzure.clients();
        var arm = TestAzure.arm(clients, api.baseUrl(), new TestAzure.RecordingSleeper(), 3);
        // each server's dumper signs in to its own database of the test's PostgreSQL, with the setting's threshold
        Map<DatabaseId, FlexibleServerDumper> dumpers = Map.of(
                new DatabaseId("orders"), dumper(arm, smallDb, settings.chunkedDumpAboveBytes()),
                new DatabaseId("chats"), dumper(arm, largeDb, settings.chunkedDumpAboveBytes()));
        FlexibleServerBackupStore primary = new FlexibleServerBackupStore(arm, TestAzure.SERVERS, "westeurope", dumpers.keySet(),
                blobs, new FlexibleServerBackupStore.LogicalDumps() {
                    @Override
                    public SnapshotManifest dump(DatabaseId database, SnapshotId id) {
                        return dumpers.get(database).dump(database, id);
                    }

                    @Override
                    public boolean dumpUnlessTooLarge(DatabaseId database, SnapshotId id) {
                        return dumpers.get(database).dumpUnlessTooLarge(database, id);
                    }

                    @Override
                    public OptionalLong tooLargeForOneActivity(DatabaseId database) {
                        return dumpers.get(database).tooLargeForOneActivity(database);
                    }
                }, clock);
        TableRunLedger ledger = new TableRunLedger(clients.table(accounts.primary(), ledgerTable));
        BackupWindows windows = new BackupWindows(settings, new TakeSnapshots(primary, ledger, clock), primary::dumpInPartsFrom,
                ledger, new com.silenttalk.automation.azure.alerting.BackupMetrics(TestAzure.metrics(clients, api.baseUrl()),
                new PairedRegionBlobStore(new BackupBlobs(clients.container(accounts.paired(), container), "northeurope")), clock), clock);
        PointInTimeDumpSource readPoint = new PointInTimeDumpSource(arm, TestAzure.SERVERS, new PointInTimeDumpSource.Settings(
                "westeurope", largeDb, SECRET_URI, 3, Duration.ZERO, pg.port()), new TestAzure.RecordingSleeper());
        ChunkedDumps dumps = new ChunkedDumps(readPoint, uri -> Postgres.PASSWORD.toCharArray(), "prefer", new BlobDumpExporter(blobs),
                ledger, clock);
        ChunkedDumpFunctions chunked = new ChunkedDumpFunctions(() -> dumps);
        BackupWindow window = BackupWindow.of(SnapshotWindow.containing(NOW, Duration.ofHours(6)),
                List.of(new DatabaseId("orders"), new DatabaseId("chats")));
        BiFunction<String, String, String> activities = (name, input) -> switch (name) {
            case BackupWindows.DATABASE_ACTIVITY -> windows.backupOne(input);
            case BackupWindows.REPORT_ACTIVITY -> windows.report(input);
            default -> ChunkedDumpTest.activities(chunked, (n, i) -> i).apply(name, input);
        };
        return new DurableReplay(NOW).withSubOrchestrator(ChunkedDumps.ORCHESTRATION, chunked::orchestrate)
                .runConcurrently(BackupWindows.ORCHESTRATION, window.instanceId(), Json.write(window), BackupWindows::orchestrate,
                        activities, workers, 1.0);
    }

    FlexibleServerDumper dumper(com.silenttalk.automation.azure.runtime.ArmClient arm, String database, long above) {
        return new FlexibleServerDumper(arm, TestAzure.SERVERS, uri -> Postgres.PASSWORD.toCharArray(),
                new FlexibleServerDumper.Settings(database, SECRET_URI, "prefer", pg.port(), above), new BlobDumpExporter(blobs));
    }

    @Test
    void backupWindow_whenOneDatabaseIsAboveTheThreshold_dumpsItInPartsFromARestoreAtTheBackupAndTheOtherInItsBranch() throws Exception {
        String restore = stubTheRestore();

        DurableReplay.Outcome outcome = runTheWindow(threshold());

        assertThat(outcome.status()).as("%s", outcome).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
        assertThat(outcome.result()).contains("succeeded=2/2").contains("dumpedInParts=chats ")
                .contains("orders:" + SMALL + ":TAKEN,").contains("chats:" + LARGE + ":TAKEN(in parts: chunked-dump chats " + LARGE + " committed parts=4 ")
                .contains("point=" + COMPLETED);
        assertThat(outcome.activities()).containsSubsequence(BackupWindows.DATABASE_ACTIVITY, BackupWindows.DATABASE_ACTIVITY,
                "sub-orchestration " + ChunkedDumps.ORCHESTRATION + " chunked-dump-" + LARGE, ChunkedDumps.SOURCE_ACTIVITY,
                ChunkedDumps.PLAN_ACTIVITY, ChunkedDumps.PART_ACTIVITY, ChunkedDumps.COMMIT_ACTIVITY, ChunkedDumps.RELEASE_ACTIVITY,
                BackupWindows.REPORT_ACTIVITY);
        assertThat(outcome.activities()).filteredOn(ChunkedDumps.PART_ACTIVITY::equals).as("head, two tables, tail").hasSize(4);
        // one restore of chats at its backup's completion, deleted once the dump is committed
        assertThat(api.requests("PUT", restore)).singleElement().satisfies(r -> {
            var body = Json.tree(r.getBodyAsString(), "body");
            assertThat(body.path("properties").path("createMode").asText()).isEqualTo("PointInTimeRestore");
            assertThat(body.path("properties").path("pointInTimeUTC").asText()).isEqualTo(COMPLETED.toString());
            assertThat(body.path("properties").path("sourceServerResourceId").asText()).endsWith("/flexibleServers/chats");
        });
        assertThat(api.requests("DELETE", restore)).hasSize(1);
        assertThat(api.requests("PUT", api.serverPath(PointInTimeDumpSource.nameFor(SMALL.value())))).as("no restore for the small one").isEmpty();
        // chats: the committed multi-part blob and its manifest, last; orders: the single dump
        SnapshotManifest large = blobs.manifest(LARGE).orElseThrow();
        assertThat(large.consistentPoint()).isEqualTo(COMPLETED);
        assertThat(BackupBlobs.sha256Of(blobs.dump(LARGE))).isEqualTo(large.sha256());
        assertThat(blobs.dump(LARGE).getBlockBlobClient().listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED)
                .getCommittedBlocks()).extracting(b -> b.getName()).as("blocks of parts 0..3")
                .allSatisfy(id -> assertThat(new String(java.util.Base64.getDecoder().decode(id))).startsWith("part-"))
                .hasSizeGreaterThanOrEqualTo(4);
        try (Connection c = connect(largeDb)) {
            assertThat(large.rowCounts()).isEqualTo(CatalogInspector.countRows(c, CatalogInspector.tables(c)))
                    .containsEntry("public.events", 60_000L);
        }
        assertThat(blobs.manifest(SMALL)).hasValueSatisfying(m -> {
            assertThat(m.rowCounts()).containsExactlyEntriesOf(Map.of("public.items", 500L));
            assertThat(m.consistentPoint()).as("the single dump reads the live server").isNotEqualTo(COMPLETED);
        });
    }

    @Test
    void backupWindow_whenTheChunkedDumpFails_theSmallDatabaseIsStillDumpedAndOnlyTheLargeOneIsFailed() throws Exception {
        String path = api.serverPath(PointInTimeDumpSource.nameFor(LARGE.value()));
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(202)
                .withHeader("Azure-AsyncOperation", api.asyncOperationUrl("pitr-x"))));
        api.server.stubFor(get(urlPathEqualTo(api.asyncOperationPath("pitr-x"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.operation("pitr-x", "Failed"))));

        DurableReplay.Outcome outcome = runTheWindow(threshold());

        assertThat(outcome.status()).as("%s", outcome).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
        assertThat(outcome.result()).contains("succeeded=1/2").contains("dumpedInParts=chats ")
                .contains("orders:" + SMALL + ":TAKEN,").contains("chats:" + LARGE + ":FAILED(in parts: dump source " + PointInTimeDumpSource.nameFor(LARGE.value())
                        + " of chats is not ready: FAILED point-in-time restore of chats at " + COMPLETED);
        assertThat(api.requests("PUT", path)).hasSize(3);
        assertThat(blobs.manifest(SMALL)).isPresent();
        assertThat(blobs.manifest(LARGE)).isEmpty();
        assertThat(backupSucceeded("orders")).containsExactly("BackupSucceeded=1");
        assertThat(backupSucceeded("chats")).containsExactly("BackupSucceeded=0");
    }

    @Test
    void backupWindow_whenTheThresholdIsNoNumber_refusesNamingTheSettingBeforeAnything() {
        assertThatThrownBy(() -> runTheWindow(-1)).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("ST_CHUNKED_DUMP_ABOVE_BYTES"));
        assertThat(api.server.getAllServeEvents()).as("nothing asked of ARM").isEmpty();
        assertThat(blobs.manifest(SMALL)).isEmpty();
    }

    List<String> backupSucceeded(String server) {
        return api.requests("POST", api.serverPath(server) + "/metrics").stream()
                .map(r -> Json.tree(r.getBodyAsString(), "body").path("data").path("baseData"))
                .filter(d -> d.path("metric").asText().equals("BackupSucceeded"))
                .map(d -> "BackupSucceeded=" + d.path("series").path(0).path("sum").asLong()).toList();
    }

    long size(String database) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
            r.next();
            return r.getLong(1);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

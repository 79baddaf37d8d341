package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.DurableReplay;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.RecordingDurableClient;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.LogicalDumpRestorer;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({Azurite.class, Postgres.class})
class BackupFunctionsTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final String SECRET_URI = "https://st-ops-kv.vault.azure.net/secrets/drill-admin";

    ArmApi api;
    String container;
    BackupWiring wiring;
    Azurite.Accounts accounts;
    Postgres.Server pg;
    String database;

    @BeforeEach
    void wire(Azurite.Accounts accounts, Postgres.Server pg) throws Exception {
        this.accounts = accounts;
        this.pg = pg;
        api = new ArmApi();
        AzureClients clients = TestAzure.clients();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        container = "backups-" + suffix;
        database = "app" + suffix;
        try (Connection admin = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (Connection c = DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id bigserial PRIMARY KEY, item text NOT NULL, placed timestamptz DEFAULT now());"
                    + " CREATE TABLE public.lines (order_id bigint REFERENCES public.orders, qty int CHECK (qty > 0));"
                    + " INSERT INTO public.orders (item) SELECT 'item ' || i FROM generate_series(1, 1200) i;"
                    + " INSERT INTO public.lines SELECT 1 + i % 1200, 1 + i % 5 FROM generate_series(1, 3000) i;");
        }
        Map<String, String> env = new HashMap<>(Map.of("AZURE_SUBSCRIPTION_ID", TestAzure.SUBSCRIPTION,
                "ST_RESOURCE_GROUP", TestAzure.RESOURCE_GROUP, "ST_PRIMARY_REGION", "westeurope",
                "ST_PAIRED_REGION", "northeurope", "ST_DATABASES", "orders", "ST_BACKUP_ACCOUNT", Azurite.PRIMARY,
                "ST_PAIRED_ACCOUNT", Azurite.PAIRED, "ST_BACKUP_CONTAINER", container, "ST_LEDGER_TABLE", "ledger" + suffix,
                "ST_DRILL_ADMIN_SECRET_URI", SECRET_URI));
        env.put("ST_DRILL_DATABASE", database);
        AzureSettings settings = AzureSettings.fromEnv(env);
        clients.container(accounts.primary(), container).create();
        clients.container(accounts.paired(), container).create();
        clients.table(accounts.primary(), settings.ledgerTable()).createTable();
        // the SAS of the copy is checked against azurite's real clock; everything else runs on the manual one
        wiring = wiring(settings, new ManualClock(NOW));
    }

    /** The production wiring, but the dump signs in to the throwaway server (no TLS there) with the password Key Vault would give. */
    BackupWiring wiring(AzureSettings settings, Clock clock) {
        AzureClients clients = TestAzure.clients();
        return BackupWiring.build(settings, clients, TestAzure.arm(clients, api.baseUrl(), new TestAzure.RecordingSleeper(), 3),
                accounts.primary(), accounts.paired(), uri -> {
                    assertThat(uri).isEqualTo(SECRET_URI);
                    return Postgres.PASSWORD.toCharArray();
                }, new FlexibleServerDumper.Settings(settings.drillDatabase(), settings.drillAdminSecretUri(), "prefer", pg.port()),
                TestAzure.metrics(clients, api.baseUrl()), clock);
    }

    String metricsPath() {
        return api.serverPath("orders") + "/metrics";
    }

    /** The metric values POSTed to Azure Monitor about the orders server, in order. */
    List<String> metricsSent() {
        return api.requests("POST", metricsPath()).stream().map(r -> {
            var baseData = com.silenttalk.automation.azure.runtime.Json.tree(r.getBodyAsString(), "body").path("data").path("baseData");
            return baseData.path("metric").asText() + "=" + baseData.path("series").path(0).path("sum").asLong();
        }).toList();
    }

    /** The documented GET server body, addressed at the throwaway PostgreSQL. */
    void stubTheServer() {
        api.server.stubFor(post(urlPathEqualTo(metricsPath())).willReturn(aResponse().withStatus(200)));
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("orders"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.server("orders", "Ready").replace("orders.postgres.database.azure.com", "127.0.0.1")
                        .replace("\"stadmin\"", "\"" + Postgres.USER + "\""))));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** The window's orchestration input as the scheduler hands it to the Durable client. */
    static BackupWindow scheduledWindow(RecordingDurableClient.Scheduled scheduled) {
        return com.silenttalk.automation.azure.runtime.Json.read((String) scheduled.input(), BackupWindow.class);
    }

    @Test
    void backupScheduler_whenTimerFiresTwiceInOneWindow_startsOneOrchestrationNamedForTheWindow() {
        BackupWindowFunctions functions = new BackupWindowFunctions(() -> wiring);
        RecordingDurableClient durable = new RecordingDurableClient();
        TestExecutionContext first = new TestExecutionContext("BackupScheduler");
        TestExecutionContext second = new TestExecutionContext("BackupScheduler");

        functions.schedule(Events.load("timer/six-hourly.json"), durable.context(), first);
        functions.schedule(Events.load("timer/past-due.json"), durable.context(), second);

        assertThat(durable.scheduled()).singleElement().satisfies(s -> {
            assertThat(s.orchestration()).isEqualTo(BackupWindows.ORCHESTRATION);
            assertThat(s.instanceId()).isEqualTo("backup-window-20260301t0600z");
            assertThat(scheduledWindow(s).databases()).containsExactly(new DatabaseId("orders"));
            assertThat(scheduledWindow(s).window().start()).isEqualTo(Instant.parse("2026-03-01T06:00:00Z"));
        });
        assertThat(first.lines()).singleElement().asString().contains("instance=backup-window-20260301t0600z started");
        assertThat(second.lines()).singleElement().asString().contains("pastDue=true").contains("already started");
        assertThat(api.server.getAllServeEvents()).as("the timer itself calls no ARM API").isEmpty();
    }

    @Test
    void backupDatabase_whenCalledTwiceInOneWindow_takesOneBackupAndDumpsOnce() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("b").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("b").willSetStateTo("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("b").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        BackupWindowFunctions functions = new BackupWindowFunctions(() -> wiring);
        TestExecutionContext first = new TestExecutionContext("BackupDatabase");
        TestExecutionContext second = new TestExecutionContext("BackupDatabase");

        String taken = functions.backupDatabase(ordersInput(), first);
        String again = functions.backupDatabase(ordersInput(), second);

        assertThat(api.requests("PUT", path)).hasSize(1);
        assertThat(api.requests("GET", api.serverPath("orders"))).as("one dump, by the first call")
                .filteredOn(r -> r.getUrl().split("\\?")[0].equals(api.serverPath("orders"))).hasSize(1);
        assertThat(wiring.primary().manifest(ID)).hasValueSatisfying(m ->
                assertThat(m.rowCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("public.orders", 1200L, "public.lines", 3000L)));
        assertThat(taken).contains("\"status\":\"TAKEN\"").contains(ID.value());
        assertThat(again).contains("\"status\":\"ALREADY_TAKEN\"");
        assertThat(first.lines()).singleElement().asString().contains("backup-database").doesNotContain(TestAzure.TEST_TOKEN)
                .doesNotContain(accounts.primary().accountKey().orElseThrow()).doesNotContain(Postgres.PASSWORD);
    }

    String ordersInput() {
        return com.silenttalk.automation.azure.runtime.Json.write(new BackupWindow.Database(
                SnapshotWindow.containing(NOW, java.time.Duration.ofHours(6)), new DatabaseId("orders")));
    }

    @Test
    void backupDatabase_whenTheDumpFails_failsTheActivityAndTheWindowReportSendsBackupSucceeded0() throws Exception {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        try (Connection c = DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.events (at timestamptz); CREATE TABLE public.login_events (ip inet) INHERITS (public.events)");
        }
        BackupWindowFunctions functions = new BackupWindowFunctions(() -> wiring);

        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(2);
        DurableReplay.Outcome outcome;
        try {
            outcome = new DurableReplay(NOW).runConcurrently(BackupWindows.ORCHESTRATION, "backup-window-20260301t0600z",
                    com.silenttalk.automation.azure.runtime.Json.write(BackupWindow.of(
                            SnapshotWindow.containing(NOW, java.time.Duration.ofHours(6)), List.of(new DatabaseId("orders")))),
                    functions::orchestrate, (activity, input) -> activity.equals(BackupWindows.DATABASE_ACTIVITY)
                            ? functions.backupDatabase(input, new TestExecutionContext(activity))
                            : functions.report(input, new TestExecutionContext(activity)), workers, 1);
        } finally {
            workers.shutdownNow();
        }

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
        assertThat(outcome.result()).contains("succeeded=0/1").contains("orders:" + ID + ":FAILED(")
                .contains("inherited table public.login_events").doesNotContain(Postgres.PASSWORD);
        assertThat(metricsSent()).containsExactly("BackupSucceeded=0");
        assertThat(wiring.primary().manifest(ID)).isEmpty();
    }

    /** A database of its own (on the test's PostgreSQL), with one table. */
    String createDatabase(String prefix) throws Exception {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection admin = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        try (Connection c = DriverManager.getConnection(pg.url(name), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.items (id bigint PRIMARY KEY); INSERT INTO public.items SELECT generate_series(1, 500)");
        }
        return name;
    }

    /**
     * The production wiring for several servers, each server's dump signing in to its own database of the test's
     * PostgreSQL (Flexible Servers are separate servers; here they share one PostgreSQL): real dumpers, real blobs.
     */
    BackupWiring servers(Map<String, String> databaseOfServer, Clock clock) {
        Map<String, String> env = new HashMap<>(Map.of("AZURE_SUBSCRIPTION_ID", TestAzure.SUBSCRIPTION,
                "ST_RESOURCE_GROUP", TestAzure.RESOURCE_GROUP, "ST_PRIMARY_REGION", "westeurope",
                "ST_PAIRED_REGION", "northeurope", "ST_DATABASES", String.join(",", databaseOfServer.keySet()),
                "ST_BACKUP_ACCOUNT", Azurite.PRIMARY, "ST_PAIRED_ACCOUNT", Azurite.PAIRED,
                "ST_BACKUP_CONTAINER", container, "ST_LEDGER_TABLE", wiring.settings().ledgerTable(),
                "ST_DRILL_ADMIN_SECRET_URI", SECRET_URI));
        BackupWiring base = wiring(AzureSettings.fromEnv(env), clock);
        AzureClients clients = TestAzure.clients();
        var arm = TestAzure.arm(clients, api.baseUrl(), new TestAzure.RecordingSleeper(), 3);
        BackupBlobs blobs = new BackupBlobs(clients.container(accounts.primary(), container), "westeurope");
        Map<DatabaseId, FlexibleServerDumper> dumpers = new HashMap<>();
        databaseOfServer.forEach((server, db) -> dumpers.put(new DatabaseId(server), new FlexibleServerDumper(arm,
                TestAzure.SERVERS, uri -> Postgres.PASSWORD.toCharArray(),
                new FlexibleServerDumper.Settings(db, SECRET_URI, "prefer", pg.port()), new BlobDumpExporter(blobs))));
        FlexibleServerBackupStore primary = new FlexibleServerBackupStore(arm, TestAzure.SERVERS, "westeurope",
                dumpers.keySet(), blobs, (server, id) -> dumpers.get(server).dump(server, id), clock);
        return new BackupWiring(base.settings(), primary, base.dumper(), base.paired(), base.copier(), base.ledger(),
                base.metrics(), clock);
    }

    /** ARM's answers for a server whose window backup has completed: the backup, the server (at the test's PostgreSQL), metrics. */
    void stubCompletedBackup(String server) {
        String id = "st-auto-" + server + "-20260301t0600z";
        api.server.stubFor(get(urlPathEqualTo(api.backupPath(server, id))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup(server, id, "2026-03-01T06:00:40+00:00"))));
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(server))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.server(server, "Ready").replace(server + ".postgres.database.azure.com", "127.0.0.1")
                        .replace("\"stadmin\"", "\"" + Postgres.USER + "\""))));
        api.server.stubFor(post(urlPathEqualTo(api.serverPath(server) + "/metrics")).willReturn(aResponse().withStatus(200)));
    }

    /** BackupSucceeded as POSTed to Azure Monitor about one server. */
    List<String> backupSucceededOf(String server) {
        return api.requests("POST", api.serverPath(server) + "/metrics").stream()
                .map(r -> com.silenttalk.automation.azure.runtime.Json.tree(r.getBodyAsString(), "body").path("data").path("baseData"))
                .filter(d -> d.path("metric").asText().equals("BackupSucceeded"))
                .map(d -> "BackupSucceeded=" + d.path("series").path(0).path("sum").asLong()).toList();
    }

    /**
     * Issue #18: a server whose dump waits on a lock another session holds (real PostgreSQL 15) delays no other
     * server's snapshot. Two branches at a time: the locked one hangs in its slot until its time is up, the other
     * slot fails one server (a dump it refuses) and then snapshots the third, all while the lock is still held.
     * The orchestration runs through durabletask's runner, replayed from its history at every episode.
     */
    @Test
    void backupWindow_whenOneServersDumpWaitsOnALockHeldByAnotherSession_theOthersAreSnapshottedAndItTimesOut() throws Exception {
        String billingDb = createDatabase("billing");
        String chatsDb = createDatabase("chats");
        try (Connection c = DriverManager.getConnection(pg.url(billingDb), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.events (at timestamptz); CREATE TABLE public.login_events (ip inet) INHERITS (public.events)");
        }
        for (String server : List.of("orders", "billing", "chats")) {
            stubCompletedBackup(server);
        }
        Map<String, String> databaseOfServer = new java.util.LinkedHashMap<>();
        databaseOfServer.put("orders", database);
        databaseOfServer.put("billing", billingDb);
        databaseOfServer.put("chats", chatsDb);
        BackupWiring servers = servers(databaseOfServer, new ManualClock(NOW));
        BackupWindowFunctions functions = new BackupWindowFunctions(() -> servers);
        SnapshotWindow window = SnapshotWindow.containing(NOW, java.time.Duration.ofHours(6));
        List<DatabaseId> ids = List.of(new DatabaseId("orders"), new DatabaseId("billing"), new DatabaseId("chats"));
        // 10 durable minutes per database, run 60 times faster: the locked branch is given up after 10 s
        BackupWindow input = new BackupWindow(window, ids, 2, java.time.Duration.ofMinutes(10), java.time.Duration.ofHours(3));
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (Connection locker = DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD)) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
            }

            DurableReplay.Outcome outcome = new DurableReplay(NOW).runConcurrently(BackupWindows.ORCHESTRATION,
                    input.instanceId(), com.silenttalk.automation.azure.runtime.Json.write(input), functions::orchestrate,
                    (activity, json) -> activity.equals(BackupWindows.DATABASE_ACTIVITY)
                            ? functions.backupDatabase(json, new TestExecutionContext(activity))
                            : functions.report(json, new TestExecutionContext(activity)), workers, 60);

            // still inside the locking session's transaction
            assertThat(outcome.status()).as(outcome.toString()).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
            assertThat(outcome.result()).contains("succeeded=1/3")
                    .contains("orders:st-auto-orders-20260301t0600z:TIMED_OUT(no answer within PT10M)")
                    .contains("billing:st-auto-billing-20260301t0600z:FAILED(").contains("inherited table public.login_events")
                    .contains("chats:st-auto-chats-20260301t0600z:TAKEN");
            assertThat(servers.primary().manifest(new SnapshotId("st-auto-chats-20260301t0600z"))).hasValueSatisfying(m ->
                    assertThat(m.rowCounts()).containsExactlyEntriesOf(Map.of("public.items", 500L)));
            assertThat(servers.primary().manifest(ID)).as("the locked server's dump is still waiting").isEmpty();
            assertThat(outcome.mostActivitiesAtOnce()).isEqualTo(2);
            assertThat(outcome.activities()).containsExactly(BackupWindows.DATABASE_ACTIVITY, BackupWindows.DATABASE_ACTIVITY,
                    BackupWindows.DATABASE_ACTIVITY, BackupWindows.REPORT_ACTIVITY);
            assertThat(backupSucceededOf("chats")).containsExactly("BackupSucceeded=1");
            assertThat(backupSucceededOf("orders")).containsExactly("BackupSucceeded=0");
            assertThat(backupSucceededOf("billing")).containsExactly("BackupSucceeded=0");
            locker.rollback();
        } finally {
            workers.shutdown();
            assertThat(workers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).as("the hung dump ends with the lock").isTrue();
        }
    }

    /** A server whose backup is still running answers PENDING: the branch waits on a durable timer and asks again. */
    @Test
    void backupWindow_whenTheServersBackupIsStillRunning_waitsOnADurableTimerAndTakesItOnTheNextCall() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("r").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("done")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00")
                        .replace("\"completedTime\": \"2026-03-01T06:00:40+00:00\"", "\"completedTime\": null")
                        .replace("\"completedTime\":\"2026-03-01T06:00:40+00:00\"", "\"completedTime\":null"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("r").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        ManualClock clock = new ManualClock(NOW);
        BackupWiring w = wiring(wiring.settings(), clock);
        BackupWindowFunctions functions = new BackupWindowFunctions(() -> w);
        BackupWindow input = BackupWindow.of(SnapshotWindow.containing(NOW, java.time.Duration.ofHours(6)),
                List.of(new DatabaseId("orders")));

        DurableReplay.Outcome outcome = new DurableReplay(NOW).run(BackupWindows.ORCHESTRATION, input.instanceId(),
                com.silenttalk.automation.azure.runtime.Json.write(input), functions::orchestrate,
                (activity, json) -> activity.equals(BackupWindows.DATABASE_ACTIVITY)
                        ? functions.backupDatabase(json, new TestExecutionContext(activity))
                        : functions.report(json, new TestExecutionContext(activity)), clock::set);

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
        assertThat(outcome.activities()).containsExactly(BackupWindows.DATABASE_ACTIVITY, BackupWindows.DATABASE_ACTIVITY,
                BackupWindows.REPORT_ACTIVITY);
        // the second call finds the window claimed by the first: TakeSnapshots calls that ALREADY_TAKEN
        assertThat(outcome.result()).contains("succeeded=1/1").contains("orders:" + ID + ":ALREADY_TAKEN");
        assertThat(api.requests("GET", path)).hasSize(2);
        assertThat(w.primary().manifest(ID)).isPresent();
        assertThat(metricsSent()).filteredOn(m -> m.startsWith("BackupSucceeded")).containsExactly("BackupSucceeded=1");
    }

    @Test
    void backupScheduler_whenTimerInfoIsMalformed_namesTheFieldAndStartsNothing() {
        BackupWindowFunctions functions = new BackupWindowFunctions(() -> wiring);
        RecordingDurableClient durable = new RecordingDurableClient();

        assertThatThrownBy(() -> functions.schedule(Events.load("timer/malformed.json"), durable.context(),
                new TestExecutionContext("BackupScheduler")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timerInfo.IsPastDue"));
        assertThat(durable.scheduled()).isEmpty();
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void retentionPruner_whenDryRun_logsThePlanAndDeletesNothing() {
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("orders") + "/backups")).willReturn(aResponse().withStatus(200)
                .withBody("{\"value\": [" + ArmApi.backup("orders", "st-auto-orders-20260101t0000z", "2026-01-01T00:01:00+00:00")
                        + "," + ArmApi.backup("orders", ID.value(), "2026-03-01T06:01:00+00:00") + "]}")));
        TestExecutionContext context = new TestExecutionContext("RetentionPruner");

        new RetentionPrunerFunction(() -> wiring).run(Events.load("timer/six-hourly.json"), context);

        assertThat(context.lines()).singleElement().asString()
                .contains("dryRun=true").contains("planned=1").contains("deleted=0");
        assertThat(api.server.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getMethod().getName()).isEqualTo("GET"));
    }

    @Test
    void backupCopier_whenTheManifestBlobIsCreated_copiesTheDumpAndVerifiesItInThePairedRegion() {
        api.server.stubFor(post(urlPathEqualTo(metricsPath())).willReturn(aResponse().withStatus(200)));
        BackupWiring realClock = wiring(wiring.settings(), Clock.systemUTC());
        new BlobDumpExporter(new BackupBlobs(TestAzure.clients().container(accounts.primary(), container), "westeurope"))
                .export(new BlobDumpExporter.DumpFacts(ID, new DatabaseId("orders"), Instant.parse("2026-03-01T06:00:02Z"),
                        "16.4", "fp-1", Map.of("public.orders", 3L)),
                        new ByteArrayInputStream("PGDMP dump".repeat(500).getBytes(StandardCharsets.UTF_8)));
        TestExecutionContext context = new TestExecutionContext("BackupCopier");

        new BackupCopierFunction(() -> realClock).run(Events.load("eventgrid/blob-created-manifest.json")
                .replace("CONTAINER", container), context);

        assertThat(realClock.paired().list()).extracting(Snapshot::id).containsExactly(ID);
        assertThat(metricsSent()).singleElement().asString().startsWith("VerifiedBackupAgeSeconds=");
        assertThat(context.lines()).singleElement().asString().contains("northeurope:copied")
                .doesNotContain("sig=").doesNotContain(accounts.primary().accountKey().orElseThrow())
                .doesNotContain(TestAzure.TEST_TOKEN);
    }

    @Test
    void backupDatabaseThenCopier_whenTheBackupCompletes_dumpsCopiesAndThePairedCopyRestoresToTheManifest() throws Exception {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        // the copy's SAS is checked against azurite's real clock
        BackupWiring realClock = wiring(wiring.settings(), Clock.systemUTC());

        new BackupWindowFunctions(() -> wiring).backupDatabase(ordersInput(), new TestExecutionContext("BackupDatabase"));
        SnapshotManifest manifest = wiring.primary().manifest(ID).orElseThrow();
        new BackupCopierFunction(() -> realClock).run(Events.load("eventgrid/blob-created-manifest.json")
                .replace("CONTAINER", container), new TestExecutionContext("BackupCopier"));

        BackupBlobs paired = new BackupBlobs(TestAzure.clients().container(accounts.paired(), container), "northeurope");
        assertThat(BackupBlobs.sha256Of(paired.dump(manifest.snapshotId()))).isEqualTo(manifest.sha256());
        String restored = "restored" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection admin = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + restored);
        }
        try (Connection target = DriverManager.getConnection(pg.url(restored), Postgres.USER, Postgres.PASSWORD);
             InputStream dump = paired.dump(manifest.snapshotId()).openInputStream()) {
            LogicalDumpRestorer.restore(dump, target);
            assertThat(CatalogInspector.countRows(target, CatalogInspector.tables(target))).isEqualTo(manifest.rowCounts());
            assertThat(CatalogInspector.schemaFingerprint(target)).isEqualTo(manifest.schemaFingerprint());
        }
        assertThat(manifest.rowCounts()).containsEntry("public.orders", 1200L).containsEntry("public.lines", 3000L);
    }

    @Test
    void backupCopier_whenTheEventIsNotABlobCreation_namesTheFieldAndCopiesNothing() {
        String deleted = Events.load("eventgrid/blob-created-manifest.json").replace("CONTAINER", container)
                .replace("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted");

        assertThatThrownBy(() -> new BackupCopierFunction(() -> wiring).run(deleted, new TestExecutionContext("BackupCopier")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("eventType"));
        assertThat(wiring.paired().list()).isEmpty();
    }
}

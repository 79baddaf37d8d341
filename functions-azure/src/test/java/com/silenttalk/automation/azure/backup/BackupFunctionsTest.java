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
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
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

    @Test
    void backupScheduler_whenTimerFiresTwiceInOneWindow_takesOneBackup() {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("b").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("b").willSetStateTo("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("b").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(200).withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        BackupSchedulerFunction function = new BackupSchedulerFunction(() -> wiring);
        TestExecutionContext first = new TestExecutionContext("BackupScheduler");
        TestExecutionContext second = new TestExecutionContext("BackupScheduler");

        function.run(Events.load("timer/six-hourly.json"), first);
        function.run(Events.load("timer/past-due.json"), second);

        assertThat(api.requests("PUT", path)).hasSize(1);
        assertThat(api.requests("GET", api.serverPath("orders"))).as("one dump, by the first firing")
                .filteredOn(r -> r.getUrl().split("\\?")[0].equals(api.serverPath("orders"))).hasSize(1);
        assertThat(wiring.primary().manifest(ID)).hasValueSatisfying(m ->
                assertThat(m.rowCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("public.orders", 1200L, "public.lines", 3000L)));
        assertThat(first.lines()).singleElement().asString().contains("orders:" + ID + ":TAKEN").contains("metrics=published");
        assertThat(metricsSent()).filteredOn(m -> m.startsWith("BackupSucceeded")).containsExactly("BackupSucceeded=1",
                "BackupSucceeded=1");
        assertThat(second.lines()).singleElement().asString().contains("pastDue=true").contains(":ALREADY_TAKEN");
        assertThat(first.lines()).allSatisfy(line -> assertThat(line).doesNotContain(TestAzure.TEST_TOKEN)
                .doesNotContain(accounts.primary().accountKey().orElseThrow()));
    }

    @Test
    void backupScheduler_whenTheDumpFails_reportsBackupSucceeded0AndFailsTheInvocation() throws Exception {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        try (Connection c = DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.events (at timestamptz); CREATE TABLE public.login_events (ip inet) INHERITS (public.events)");
        }
        TestExecutionContext context = new TestExecutionContext("BackupScheduler");

        assertThatThrownBy(() -> new BackupSchedulerFunction(() -> wiring).run(Events.load("timer/six-hourly.json"), context))
                .hasMessageContaining("inherited table public.login_events");

        assertThat(metricsSent()).containsExactly("BackupSucceeded=0");
        assertThat(context.lines()).singleElement().asString().startsWith("SEVERE backup-scheduler failed")
                .contains("metrics=published").doesNotContain(Postgres.PASSWORD);
        assertThat(wiring.primary().manifest(ID)).isEmpty();
    }

    @Test
    void backupScheduler_whenTimerInfoIsMalformed_namesTheFieldAndCallsNothing() {
        BackupSchedulerFunction function = new BackupSchedulerFunction(() -> wiring);

        assertThatThrownBy(() -> function.run(Events.load("timer/malformed.json"), new TestExecutionContext("BackupScheduler")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timerInfo.IsPastDue"));
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
    void backupSchedulerThenCopier_whenTheBackupCompletes_dumpsCopiesAndThePairedCopyRestoresToTheManifest() throws Exception {
        String path = api.backupPath("orders", ID.value());
        api.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.backup("orders", ID.value(), "2026-03-01T06:00:40+00:00"))));
        stubTheServer();
        // the copy's SAS is checked against azurite's real clock
        BackupWiring realClock = wiring(wiring.settings(), Clock.systemUTC());

        new BackupSchedulerFunction(() -> wiring).run(Events.load("timer/six-hourly.json"), new TestExecutionContext("BackupScheduler"));
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

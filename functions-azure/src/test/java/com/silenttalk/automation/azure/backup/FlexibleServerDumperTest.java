package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.BlockListType;
import com.silenttalk.automation.azure.drill.KeyVaultRestoreCredentials;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.VerificationSuite;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import com.silenttalk.automation.postgres.LogicalDumpRestorer;
import com.silenttalk.automation.postgres.ObjectInventoryReader;
import com.silenttalk.automation.postgres.testing.Corpus;
import com.silenttalk.automation.postgres.testing.Corpus.Database;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith({Azurite.class, Postgres.class})
class FlexibleServerDumperTest {
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final String SECRET_URI = "https://st-ops-kv.vault.azure.net/secrets/orders-admin";
    static final int SMALL_BLOCKS = 64 * 1024;

    ArmApi api;
    Postgres.Server pg;
    BackupBlobs blobs;
    String database;

    @BeforeEach
    void start(Azurite.Accounts accounts, Postgres.Server pg) throws SQLException {
        this.pg = pg;
        api = new ArmApi();
        AzureClients clients = TestAzure.clients();
        var container = clients.container(accounts.primary(), "backups-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        blobs = new BackupBlobs(container, "westeurope");
        database = "src" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("postgres", "CREATE DATABASE " + database);
        // md5 output does not compress: the dump spans several 64 KiB blocks
        execute(database, "CREATE TABLE public.events (id bigint PRIMARY KEY, body bytea);"
                + " INSERT INTO public.events SELECT i, decode(md5(i::text) || md5((i * 7)::text), 'hex') FROM generate_series(1, 20000) i");
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("orders"))).willReturn(aResponse().withStatus(200)
                .withBody(ArmApi.server("orders", "Ready").replace("orders.postgres.database.azure.com", "127.0.0.1")
                        .replace("\"stadmin\"", "\"" + Postgres.USER + "\""))));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    FlexibleServerDumper dumper(String password) {
        return dumper(password, database);
    }

    FlexibleServerDumper dumper(String password, String database) {
        AzureClients clients = TestAzure.clients();
        return new FlexibleServerDumper(TestAzure.arm(clients, api.baseUrl(), new TestAzure.RecordingSleeper(), 3),
                TestAzure.SERVERS, uri -> {
                    assertThat(uri).isEqualTo(SECRET_URI);
                    return password.toCharArray();
                }, new FlexibleServerDumper.Settings(database, SECRET_URI, "prefer", pg.port()),
                new BlobDumpExporter(blobs, SMALL_BLOCKS));
    }

    @Test
    void dump_whenTheServerIsReachable_streamsBlocksAndWritesAManifestThatMatchesTheBlobAndTheTables() throws Exception {
        SnapshotManifest manifest = dumper(Postgres.PASSWORD).dump(ORDERS, ID);

        assertThat(manifest.rowCounts()).isEqualTo(Map.of("public.events", 20000L));
        assertThat(blobs.manifest(ID)).contains(manifest);
        assertThat(BackupBlobs.sha256Of(blobs.dump(ID))).isEqualTo(manifest.sha256());
        assertThat(blobs.dump(ID).getProperties().getBlobSize()).isEqualTo(manifest.sizeBytes());
        assertThat(blobs.dump(ID).getProperties().getMetadata()).containsEntry(BackupBlobs.META_SHA256, manifest.sha256())
                .containsEntry(BackupBlobs.META_CREATED_AT, manifest.consistentPoint().toString());
        assertThat(blobs.dump(ID).getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks())
                .hasSizeGreaterThan(3).allSatisfy(b -> assertThat(b.getSizeLong()).isLessThanOrEqualTo(SMALL_BLOCKS));
        try (Connection source = connect(database)) {
            assertThat(manifest.schemaFingerprint()).isEqualTo(CatalogInspector.schemaFingerprint(source));
            // the object inventory travels in the manifest blob (blobs.manifest(ID) equals it, above)
            assertThat(manifest.objects()).isEqualTo(ObjectInventoryReader.read(source));
            assertThat(manifest.objects().kinds()).containsOnlyKeys(ObjectInventory.ALL_KINDS);
        }
        String restored = "dst" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("postgres", "CREATE DATABASE " + restored);
        try (Connection target = connect(restored); InputStream in = blobs.dump(ID).openInputStream()) {
            assertThat(LogicalDumpRestorer.restore(in, target)).isEqualTo(manifest.rowCounts());
            assertThat(CatalogInspector.schemaFingerprint(target)).isEqualTo(manifest.schemaFingerprint());
        }
        assertThat(api.requests("GET", api.serverPath("orders"))).singleElement().satisfies(r ->
                assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TestAzure.TEST_TOKEN));
    }

    /**
     * Azure's half of "the same corpus on every runner": the dump of a corpus database records what opsctl's snapshot
     * records of it, and, restored from its blob and read by the drill's inspector with the Key Vault login, passes
     * every named check against the dump's manifest.
     */
    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"CHAT", "WIDE"})
    void dump_whenTheSourceIsACorpusDatabase_restoresAndPassesEveryNamedCheckOfTheDrillsInspector(Database corpus) throws Exception {
        Corpus.build(pg, EnumSet.of(corpus));
        String source = corpus.databaseName() + "_azure_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        execute("postgres", "CREATE DATABASE " + source + " TEMPLATE " + corpus.databaseName());
        SnapshotManifest manifest = dumper(Postgres.PASSWORD, source).dump(ORDERS, ID);
        try (Connection c = connect(source)) {
            // what opsctl's snapshot (PgDumper) records of the same database
            CatalogInspector.Measurement local = CatalogInspector.measure(c, ObjectInventoryReader.sequences(c));
            assertThat(manifest.objects()).isEqualTo(local.objects());
            assertThat(manifest.schemaFingerprint()).isEqualTo(local.schemaFingerprint());
            assertThat(manifest.rowCounts()).isEqualTo(local.rowCounts());
        }
        String restored = "dst" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("postgres", "CREATE DATABASE " + restored);
        try (Connection target = connect(restored); InputStream in = blobs.dump(ID).openInputStream()) {
            LogicalDumpRestorer.restore(in, target);
        }
        RestoredInstance instance = new RestoredInstance("drill-orders-20260301t0600z", "127.0.0.1", pg.port(), restored, SECRET_URI,
                Map.of("user", Postgres.USER));
        DrillRequest request = new DrillRequest(ORDERS, Duration.ofHours(6), "westeurope", DrillTargets.DEFAULT, List.of(), false);

        DatabaseFacts facts = new JdbcRestoreInspector(new KeyVaultRestoreCredentials(uri -> Postgres.PASSWORD.toCharArray()), "prefer")
                .inspect(instance, VerificationSuite.probesFor(request, manifest));
        List<CheckResult> checks = VerificationSuite.evaluate(request, blobs.manifest(ID).orElseThrow(), facts,
                manifest.consistentPoint().plusSeconds(60));

        assertThat(checks).extracting(CheckResult::name).containsAll(ObjectInventory.ALL_KINDS);
        assertThat(checks).filteredOn(c -> !c.passed()).as("failed checks of %s", corpus).isEmpty();
        assertThat(manifest.rowCounts()).isNotEmpty();
    }

    @Test
    void dump_whenThePasswordIsRejected_failsWithoutThePasswordAndWritesNothing() {
        String wrong = "wrong-password-Zq81-never-logged";

        assertThatThrownBy(() -> dumper(wrong).dump(ORDERS, ID))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("28P01").hasMessageContaining("127.0.0.1")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
                    }
                });
        assertThat(blobs.dump(ID).exists()).isFalse();
        assertThat(blobs.manifest(ID)).isEmpty();
    }

    @Test
    void dump_whenTheSchemaCannotBeRecreated_keepsTheEarlierDumpAndWritesNoManifest() throws Exception {
        SnapshotManifest good = dumper(Postgres.PASSWORD).dump(ORDERS, ID);
        blobs.manifestBlob(ID).delete(); // as if a later run had to make it again
        execute(database, "CREATE TABLE public.notes (body text); ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY");

        assertThatThrownBy(() -> dumper(Postgres.PASSWORD).dump(ORDERS, ID))
                .hasMessageContaining("row security on public.notes");
        assertThat(BackupBlobs.sha256Of(blobs.dump(ID))).as("the failed dump was never committed").isEqualTo(good.sha256());
        assertThat(blobs.manifest(ID)).isEmpty();
    }

    @Test
    void dump_whenArmDoesNotKnowTheServer_failsBeforeConnecting() {
        api.server.resetAll();
        api.server.stubFor(get(urlPathEqualTo(api.serverPath("orders"))).willReturn(aResponse().withStatus(404)
                .withBody(ArmApi.error("ResourceNotFound", "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/orders' under resource group 'silenttalk-prod' was not found."))));

        assertThatThrownBy(() -> dumper(Postgres.PASSWORD).dump(ORDERS, ID)).hasMessageContaining("ResourceNotFound");
        assertThat(blobs.dump(ID).exists()).isFalse();
    }

    Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(pg.url(db), Postgres.USER, Postgres.PASSWORD);
    }

    void execute(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

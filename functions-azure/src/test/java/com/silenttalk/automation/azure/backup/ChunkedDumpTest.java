package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.DurableReplay;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.LogicalDumpRestorer;
import com.silenttalk.automation.postgres.ObjectInventoryReader;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #18's "chunked Azure dump": a ~500 MB database dumped in parts, each part an activity with a 10 s limit, through
 * durabletask's own runner (DurableReplay) against azurite, a WireMock ARM that answers the point-in-time restore, and
 * real PostgreSQL 15 behind it; killed between parts, started again, and restored from the committed blob.
 */
@ExtendWith({Azurite.class, Postgres.class})
class ChunkedDumpTest {
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final Instant POINT = Instant.parse("2026-03-01T06:00:02Z");
    static final Instant NOW = Instant.parse("2026-03-01T06:30:00Z");
    static final String SECRET_URI = "https://st-ops-kv.vault.azure.net/secrets/orders-admin";
    /** ~1.7 M rows of ~300 bytes: about 500 MB of heap. */
    static final int ROWS = 1_700_000;
    static final long PART_BYTES = 48L << 20;
    static final Duration PER_PART = Duration.ofSeconds(10);
    static final String CONTENT = "SELECT count(*) || ':' || sum(hashtext(e::text)::bigint) FROM public.events e";

    static String source;
    static String restored;
    static ExecutorService workers;

    ArmApi api;
    BackupBlobs blobs;
    TableRunLedger ledger;
    Postgres.Server pg;

    @BeforeAll
    static void createTheLargeDatabase(Postgres.Server pg) throws SQLException {
        source = "big" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(pg, "postgres", "CREATE DATABASE " + source);
        execute(pg, source, "CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, body text,"
                + " size int GENERATED ALWAYS AS (length(body)) STORED);"
                + " CREATE TABLE public.kinds (kind text PRIMARY KEY, label text);"
                + " INSERT INTO public.kinds SELECT 'k' || i, 'kind ' || i FROM generate_series(0, 9) i;"
                + " INSERT INTO public.events (id, kind, body) SELECT i, 'k' || (i % 10), repeat(md5(i::text), 8)"
                + "   FROM generate_series(1, " + ROWS + ") i;"
                + " ALTER TABLE public.events ADD FOREIGN KEY (kind) REFERENCES public.kinds;"
                + " CREATE INDEX events_by_kind ON public.events (kind); ANALYZE");
        workers = Executors.newFixedThreadPool(2);
    }

    /** The server is shared with the module's other tests: give its disk back. */
    @AfterAll
    static void dropTheLargeDatabases(Postgres.Server pg) throws SQLException {
        workers.shutdownNow();
        execute(pg, "postgres", "DROP DATABASE IF EXISTS " + source);
        if (restored != null) {
            execute(pg, "postgres", "DROP DATABASE IF EXISTS " + restored);
        }
    }

    @BeforeEach
    void start(Azurite.Accounts accounts, Postgres.Server pg) {
        this.pg = pg;
        api = new ArmApi();
        AzureClients clients = TestAzure.clients();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var container = clients.container(accounts.primary(), "backups-" + suffix);
        container.create();
        blobs = new BackupBlobs(container, "westeurope");
        var table = clients.table(accounts.primary(), "ledger" + suffix);
        table.createTable();
        ledger = new TableRunLedger(table);
        String path = api.serverPath(PointInTimeDumpSource.nameFor(ID.value()));
        String ready = PointInTimeDumpSourceTest.dumpSource(PointInTimeDumpSource.nameFor(ID.value()), "Ready",
                        PointInTimeDumpSource.nameFor(ID.value()), POINT.toString())
                .replace(PointInTimeDumpSource.nameFor(ID.value()) + ".postgres.database.azure.com", "127.0.0.1")
                .replace("\"stadmin\"", "\"" + Postgres.USER + "\"");
        // the restore: not there, PUT (ARM creates it), then Ready; DELETE makes it gone again
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withBody(ArmApi.error("ResourceNotFound", "not found"))));
        api.server.stubFor(put(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(201).withBody(ready.replace("\"Ready\"", "\"Provisioning\"")))
                .willSetStateTo("restored"));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs("restored")
                .willReturn(aResponse().withStatus(200).withBody(ready)));
        api.server.stubFor(delete(urlPathEqualTo(path)).inScenario("pitr").whenScenarioStateIs("restored")
                .willReturn(aResponse().withStatus(204)).willSetStateTo(Scenario.STARTED));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    ChunkedDumpFunctions functions() {
        PointInTimeDumpSource readPoint = new PointInTimeDumpSource(TestAzure.arm(TestAzure.clients(), api.baseUrl(),
                new TestAzure.RecordingSleeper(), 2), TestAzure.SERVERS, new PointInTimeDumpSource.Settings("westeurope", source,
                SECRET_URI, 3, Duration.ZERO, pg.port()), new TestAzure.RecordingSleeper());
        ChunkedDumps dumps = new ChunkedDumps(readPoint, uri -> {
            assertThat(uri).isEqualTo(SECRET_URI);
            return Postgres.PASSWORD.toCharArray();
        }, "prefer", new BlobDumpExporter(blobs), ledger, new ManualClock(NOW));
        return new ChunkedDumpFunctions(() -> dumps);
    }

    static BiFunction<String, String, String> activities(ChunkedDumpFunctions functions, BiFunction<String, String, String> beforePart) {
        return (name, input) -> switch (name) {
            case ChunkedDumps.SOURCE_ACTIVITY -> functions.source(input, new TestExecutionContext(name));
            case ChunkedDumps.PLAN_ACTIVITY -> functions.plan(input, new TestExecutionContext(name));
            case ChunkedDumps.PART_ACTIVITY -> {
                beforePart.apply(name, input);
                yield functions.part(input, new TestExecutionContext(name));
            }
            case ChunkedDumps.COMMIT_ACTIVITY -> functions.commit(input, new TestExecutionContext(name));
            case ChunkedDumps.RELEASE_ACTIVITY -> functions.release(input, new TestExecutionContext(name));
            default -> throw new IllegalStateException("no activity " + name);
        };
    }

    DurableReplay.Outcome run(ChunkedDump dump, BiFunction<String, String, String> beforePart) {
        ChunkedDumpFunctions functions = functions();
        return new DurableReplay(NOW).runConcurrently(ChunkedDumps.ORCHESTRATION, dump.instanceId(), Json.write(dump),
                functions::orchestrate, activities(functions, beforePart), workers, 1.0);
    }

    @Test
    void orchestrate_whenKilledBetweenPartsAndStartedAgain_resumesAtTheUndonePartsOnTheSamePointAndRestoresEqual() throws Exception {
        ChunkedDump dump = new ChunkedDump(ID, ORDERS, POINT, PART_BYTES, PER_PART, 2);
        AtomicInteger started = new AtomicInteger();
        long t0 = System.nanoTime();

        DurableReplay.Outcome killed = run(dump, (name, input) -> {
            if (started.incrementAndGet() > 4) {
                throw new IllegalStateException("the worker was killed");
            }
            return input;
        });

        assertThat(killed.status()).isEqualTo("ORCHESTRATION_STATUS_FAILED");
        assertThat(killed.failureMessage()).contains("parts not done, nothing committed");
        assertThat(blobs.manifest(ID)).isEmpty();
        assertThat(blobs.dump(ID).exists()).as("no block list committed").isFalse();
        long partsDone = java.util.stream.IntStream.range(0, 200)
                .filter(i -> ledger.find(ChunkedDumps.partKey(dump, i)).map(r -> r.outcome() == Outcome.SUCCEEDED).orElse(false)).count();
        assertThat(partsDone).isEqualTo(4);

        DurableReplay.Outcome resumed = run(dump, (name, input) -> input);
        long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();

        assertThat(resumed.status()).as("%s", resumed.failureMessage()).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
        assertThat(resumed.result()).contains("resumed=4 ").contains("point=" + POINT);
        assertThat(resumed.timers()).as("no part's 10 s limit fired, and the restore was found ready").isEmpty();
        assertThat(killed.timers()).as("only the wait for the restore fired").hasSize(1);
        int parts = (int) resumed.activities().stream().filter(ChunkedDumps.PART_ACTIVITY::equals).count();
        assertThat(parts).as("the large table is split").isGreaterThan(8);
        assertThat(api.requests("PUT", api.serverPath(dump.sourceName()))).as("one restore, one point, for both runs").hasSize(1);
        assertThat(api.requests("DELETE", api.serverPath(dump.sourceName()))).hasSize(1);
        assertThat(ledger.find(new RunKey("dump-source-release/" + dump.sourceName()))).get()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED));

        SnapshotManifest manifest = blobs.manifest(ID).orElseThrow();
        assertThat(manifest.consistentPoint()).isEqualTo(POINT);
        assertThat(BackupBlobs.sha256Of(blobs.dump(ID))).isEqualTo(manifest.sha256());
        restored = "dst" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(pg, "postgres", "CREATE DATABASE " + restored);
        try (Connection from = connect(pg, source); Connection to = connect(pg, restored);
             InputStream in = blobs.dump(ID).openInputStream()) {
            Map<String, Long> loaded = LogicalDumpRestorer.restore(in, to);
            Map<String, Long> counts = CatalogInspector.countRows(from, CatalogInspector.tables(from));
            assertThat(loaded).isEqualTo(counts).isEqualTo(manifest.rowCounts()).containsEntry("public.events", (long) ROWS);
            assertThat(CatalogInspector.countRows(to, CatalogInspector.tables(to))).isEqualTo(counts);
            assertThat(CatalogInspector.schemaFingerprint(to)).isEqualTo(CatalogInspector.schemaFingerprint(from))
                    .isEqualTo(manifest.schemaFingerprint());
            assertThat(ObjectInventoryReader.read(to).digest(com.silenttalk.automation.core.backup.ObjectInventory.SCHEMA))
                    .isEqualTo(manifest.objects().digest(com.silenttalk.automation.core.backup.ObjectInventory.SCHEMA));
            assertThat(one(to, CONTENT)).isEqualTo(one(from, CONTENT));
        }
        try (Connection from = connect(pg, source)) {
            System.out.printf("chunked dump of %s (pg_database_size): %d parts, %d bytes of dump, killed and resumed, %d s%n",
                    one(from, "SELECT pg_size_pretty(pg_database_size(current_database()))"), parts, manifest.sizeBytes(), seconds);
        }
    }

    @Test
    void orchestrate_whenThePartSizeIsTooSmall_failsNamingTheFieldBeforeAnyActivity() {
        String input = Json.write(new ChunkedDump(ID, ORDERS, POINT, PART_BYTES, PER_PART, 2)).replace(String.valueOf(PART_BYTES), "100");
        ChunkedDumpFunctions functions = functions();

        DurableReplay.Outcome outcome = new DurableReplay(NOW).run(ChunkedDumps.ORCHESTRATION, "chunked-dump-bad", input,
                functions::orchestrate, activities(functions, (n, i) -> i), at -> { });

        assertThat(outcome.status()).isEqualTo("ORCHESTRATION_STATUS_FAILED");
        assertThat(outcome.failureMessage()).contains("partBytes");
        assertThat(outcome.activities()).isEmpty();
    }

    @Test
    void chunkedDump_whenTheLimitOrThePartSizeIsOutOfRange_refusesNamingTheField() {
        assertThatThrownBy(() -> new ChunkedDump(ID, ORDERS, POINT, PART_BYTES, Duration.ofMinutes(11), 2))
                .isInstanceOf(InvalidFieldException.class).satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("perPart"));
        assertThatThrownBy(() -> new ChunkedDump(ID, ORDERS, POINT, 0, PER_PART, 2))
                .isInstanceOf(InvalidFieldException.class).satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("partBytes"));
    }

    static Connection connect(Postgres.Server pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
    }

    static void execute(Postgres.Server pg, String database, String sql) throws SQLException {
        try (Connection c = connect(pg, database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package com.silenttalk.automation.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.VerificationSuite;
import com.silenttalk.automation.postgres.testing.Corpus;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(Postgres.class)
class LogicalDumpTest {
    static final String SCHEMA = """
            CREATE SCHEMA shop;
            CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
            CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated := now(); RETURN NEW; END $$;
            CREATE TABLE shop.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
                profile jsonb, photo bytea);
            CREATE TABLE shop.orders (id serial PRIMARY KEY, customer bigint NOT NULL REFERENCES shop.customers (id),
                status shop.status NOT NULL DEFAULT 'new', amount numeric(12,2) CHECK (amount >= 0),
                tax numeric(12,2) GENERATED ALWAYS AS (amount * 0.2) STORED, note text, updated timestamptz);
            CREATE INDEX orders_by_customer ON shop.orders (customer, status);
            CREATE TRIGGER orders_touch BEFORE UPDATE ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch();
            CREATE VIEW shop.open_orders AS SELECT id, customer FROM shop.orders WHERE status <> 'shipped';
            CREATE MATERIALIZED VIEW shop.totals AS SELECT customer, sum(amount) AS total FROM shop.orders GROUP BY customer;
            CREATE TABLE public.events (at timestamptz DEFAULT now(), kind text, payload text[]);
            CREATE TABLE public.nothing ();
            INSERT INTO shop.customers (email, profile, photo)
                SELECT 'c' || i || '@example.org', jsonb_build_object('i', i, 'name', 'Zoë ' || i), decode(md5(i::text), 'hex')
                FROM generate_series(1, 300) i;
            INSERT INTO shop.orders (customer, status, amount, note)
                SELECT 1 + i % 300, (ARRAY['new','paid','shipped'])[1 + i % 3]::shop.status, i * 1.5,
                       CASE WHEN i % 7 = 0 THEN NULL ELSE E'line\\ttab "quoted" ' || i END
                FROM generate_series(1, 2500) i;
            INSERT INTO public.events (kind, payload) SELECT 'k' || i, ARRAY['a', NULL, 'c,d'] FROM generate_series(1, 40) i;
            REFRESH MATERIALIZED VIEW shop.totals;
            """;
    static final String CONTENT = "SELECT md5(string_agg(o::text, '|' ORDER BY o.id)) FROM shop.orders o";

    @Test
    void write_thenRestore_givesTheSameSchemaFingerprintCountsAndRows(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, SCHEMA); Connection target = database(pg, "")) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            LogicalDumpWriter.Facts facts = LogicalDumpWriter.write(source, dump);

            assertEquals(Map.of("shop.customers", 300L, "shop.orders", 2500L, "public.events", 40L, "public.nothing", 0L),
                    facts.rowCounts());
            assertEquals(CatalogInspector.countRows(source, CatalogInspector.tables(source)), facts.rowCounts());
            assertEquals(CatalogInspector.schemaFingerprint(source), facts.schemaFingerprint());

            Map<String, Long> loaded = LogicalDumpRestorer.restore(new ByteArrayInputStream(dump.toByteArray()), target);

            assertEquals(facts.rowCounts(), loaded);
            assertEquals(facts.rowCounts(), CatalogInspector.countRows(target, CatalogInspector.tables(target)));
            assertEquals(facts.schemaFingerprint(), CatalogInspector.schemaFingerprint(target));
            assertEquals(one(source, CONTENT), one(target, CONTENT));
            assertEquals(one(source, "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM shop.customers c"),
                    one(target, "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM shop.customers c"));
            assertEquals(one(source, "SELECT count(*) FROM shop.totals"), one(target, "SELECT count(*) FROM shop.totals"));
            // sequences continue where the source was; the foreign key and the trigger are back
            target.setAutoCommit(true);
            assertEquals("2501", one(target, "SELECT nextval(pg_get_serial_sequence('shop.orders', 'id'))"));
            assertEquals("301", one(target, "INSERT INTO shop.customers (email) VALUES ('new@example.org') RETURNING id"));
            assertThrows(SQLException.class, () -> one(target, "INSERT INTO shop.orders (customer) VALUES (99999) RETURNING id"));
            assertEquals("t", one(target, "UPDATE shop.orders SET note = 'x' WHERE id = 1 RETURNING updated IS NOT NULL"));
        }
    }

    @Test
    void write_whenRowsCommitDuringTheDump_leavesThemOut(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, SCHEMA); Connection writer = DriverManager.getConnection(
                source.getMetaData().getURL(), Postgres.USER, Postgres.PASSWORD);
             Connection target = database(pg, "")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean[] wrote = {false};
            // the first byte leaves the dump after its snapshot is taken: commit changes right then
            FilterOutputStream meddling = new FilterOutputStream(bytes) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (!wrote[0]) {
                        wrote[0] = true;
                        try (Statement s = writer.createStatement()) {
                            s.execute("INSERT INTO shop.orders (customer, amount) SELECT 1, 1 FROM generate_series(1, 77)");
                            s.execute("DELETE FROM public.events WHERE kind IN ('k1', 'k2')");
                        } catch (SQLException e) {
                            throw new IOException(e);
                        }
                    }
                    out.write(b, off, len);
                }
            };
            LogicalDumpWriter.Facts facts = LogicalDumpWriter.write(source, meddling);

            assertTrue(wrote[0]);
            assertEquals(2500L, facts.rowCounts().get("shop.orders"));
            assertEquals(40L, facts.rowCounts().get("public.events"));
            assertEquals("2577", one(writer, "SELECT count(*) FROM shop.orders"));
            assertEquals(facts.rowCounts(), LogicalDumpRestorer.restore(new ByteArrayInputStream(bytes.toByteArray()), target));
            assertEquals("2500", one(target, "SELECT count(*) FROM shop.orders"));
        }
    }

    @Test
    void restore_whenTheDumpIsCutShort_failsAndLeavesTheDatabaseEmpty(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, SCHEMA); Connection target = database(pg, "")) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            LogicalDumpWriter.write(source, dump);
            byte[] cut = Arrays.copyOf(dump.toByteArray(), dump.size() * 2 / 3);

            assertThrows(LogicalDumpRestorer.CorruptDumpException.class,
                    () -> LogicalDumpRestorer.restore(new ByteArrayInputStream(cut), target));
            target.setAutoCommit(true);
            assertEquals("0", one(target, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname IN ('shop', 'public') AND c.relkind = 'r'"));
        }
    }

    @Test
    void write_whenTheSchemaHasInheritance_refusesNamingItAndWritesNothing(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, "CREATE TABLE public.events (at timestamptz);"
                + " CREATE TABLE public.login_events (ip inet) INHERITS (public.events);")) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();

            SQLException refused = assertThrows(SchemaScript.UnsupportedSchemaException.class,
                    () -> LogicalDumpWriter.write(source, dump));
            assertTrue(refused.getMessage().contains("inherited table public.login_events"), refused.getMessage());
            assertEquals(0, dump.size());
        }
    }

    /** What Azure's dump covers of the corpus: partitions by month, domains, composite and range types, 1600 columns, 51 MB values. */
    @ParameterizedTest
    @EnumSource(value = Corpus.Database.class, names = {"PGBENCH", "CHAT", "WIDE", "TOAST"})
    void write_thenRestore_whenACorpusDatabase_passesEveryCheck(Corpus.Database corpus, Postgres.Server pg, @TempDir Path dir)
            throws Exception {
        Corpus.build(pg, EnumSet.of(corpus));
        Path file = dir.resolve("dump");
        try (Connection source = DriverManager.getConnection(pg.url(corpus.databaseName()), Postgres.USER, Postgres.PASSWORD);
             Connection target = database(pg, "")) {
            LogicalDumpWriter.Facts facts;
            try (OutputStream out = Files.newOutputStream(file)) {
                facts = LogicalDumpWriter.write(source, out);
            }
            try (InputStream in = Files.newInputStream(file)) {
                assertEquals(facts.rowCounts(), LogicalDumpRestorer.restore(in, target));
            }
            SnapshotManifest manifest = SnapshotManifest.logical(new SnapshotId("st-auto-corpus-20261125t1200z"),
                    new DatabaseId("corpus"), facts.consistentPoint(), facts.serverVersion(), facts.objects(), facts.rowCounts(),
                    "0".repeat(64), Files.size(file));
            Properties login = new Properties();
            login.setProperty("user", Postgres.USER);
            login.setProperty("password", Postgres.PASSWORD);
            DatabaseFacts restored = DatabaseFactsReader.read(target.getMetaData().getURL(), login, 1, List.of());

            List<CheckResult> checks = VerificationSuite.evaluate(new DrillRequest(new DatabaseId("corpus"), Duration.ofHours(6),
                    "azure", DrillTargets.DEFAULT, List.of(), false), manifest, restored, facts.consistentPoint());

            assertThat(checks).filteredOn(c -> !c.passed()).as(corpus.name()).isEmpty();
            assertThat(checks).extracting(CheckResult::name).containsAll(ObjectInventory.ALL_KINDS);
        }
    }

    @Test
    void write_whenTheCorpusLegacyDatabase_refusesNamingWhatItCannotRecreate(Postgres.Server pg) throws Exception {
        Corpus.build(pg, EnumSet.of(Corpus.Database.LEGACY));
        try (Connection source = DriverManager.getConnection(pg.url(Corpus.Database.LEGACY.databaseName()), Postgres.USER,
                Postgres.PASSWORD)) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();

            SQLException refused = assertThrows(SchemaScript.UnsupportedSchemaException.class,
                    () -> LogicalDumpWriter.write(source, dump));

            assertThat(refused.getMessage()).contains("inherited table public.call_events", "inherited table public.login_events",
                    "row security on public.notes", "large objects (4)");
            assertEquals(0, dump.size());
        }
    }

    @Test
    void write_whenTheSchemaIsEmpty_writesARestorableDumpWithNoTables(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, ""); Connection target = database(pg, "")) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            LogicalDumpWriter.Facts facts = LogicalDumpWriter.write(source, dump);

            assertEquals(Map.of(), facts.rowCounts());
            assertEquals(Map.of(), LogicalDumpRestorer.restore(new ByteArrayInputStream(dump.toByteArray()), target));
            assertNotEquals(0, dump.size());
        }
    }

    @Test
    void writeParts_thenRestoreTheConcatenation_givesTheSameFingerprintCountsAndRowsAsOneDump(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, SCHEMA); Connection target = database(pg, "")) {
            List<LogicalDumpParts.Part> parts = LogicalDumpParts.plan(source, 8192);
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            LogicalDumpWriter.Facts head = LogicalDumpParts.writeHead(source, dump);
            java.util.TreeSet<Integer> memberEnds = new java.util.TreeSet<>(List.of(dump.size()));
            Map<String, Long> dumped = new java.util.LinkedHashMap<>();
            for (LogicalDumpParts.Part part : parts) {
                dumped.merge(part.table(), LogicalDumpParts.writePart(source, part, dump), Long::sum);
                memberEnds.add(dump.size());
            }
            LogicalDumpParts.writeTail(source, dump);

            assertThat(parts).filteredOn(p -> p.table().equals("shop.orders")).as("the large table is split by pages")
                    .hasSizeGreaterThan(2).extracting(LogicalDumpParts.Part::toPage).endsWith(-1L);
            assertThat(parts).extracting(LogicalDumpParts.Part::index).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, parts.size()).boxed().toList());
            assertEquals(CatalogInspector.countRows(source, CatalogInspector.tables(source)), dumped);
            // a network stream whose reads stop at each part's end and that never says it has more
            InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(dump.toByteArray())) {
                int position;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Integer end = memberEnds.higher(position);
                    int n = super.read(b, off, end == null ? len : Math.min(len, end - position));
                    position += Math.max(0, n);
                    return n;
                }

                @Override
                public int available() {
                    return 0;
                }
            };
            Map<String, Long> loaded = LogicalDumpRestorer.restore(trickle, target);

            assertEquals(dumped, loaded);
            assertEquals(head.schemaFingerprint(), CatalogInspector.schemaFingerprint(target));
            assertEquals(CatalogInspector.schemaFingerprint(source), CatalogInspector.schemaFingerprint(target));
            assertEquals(one(source, CONTENT), one(target, CONTENT));
            assertEquals(one(source, "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM shop.customers c"),
                    one(target, "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM shop.customers c"));
        }
    }

    @Test
    void plan_whenThePartIsSmallerThanAPage_refusesNamingTheField(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LogicalDumpParts.plan(source, 100));
            assertThat(refused.getMessage()).startsWith("partBytes ");
        }
    }

    @Test
    void restore_whenATailPartIsMissing_failsAsCutShort(Postgres.Server pg) throws Exception {
        try (Connection source = database(pg, SCHEMA); Connection target = database(pg, "")) {
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            LogicalDumpParts.writeHead(source, dump);
            for (LogicalDumpParts.Part part : LogicalDumpParts.plan(source, 1 << 20)) {
                LogicalDumpParts.writePart(source, part, dump);
            }

            assertThrows(LogicalDumpRestorer.CorruptDumpException.class,
                    () -> LogicalDumpRestorer.restore(new ByteArrayInputStream(dump.toByteArray()), target));
            assertEquals("0", one(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'"));
        }
    }

    /** A fresh database on the throwaway server, with {@code sql} run in it. */
    static Connection database(Postgres.Server pg, String sql) throws SQLException {
        String name = "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Connection c = DriverManager.getConnection(pg.url(name), Postgres.USER, Postgres.PASSWORD);
        if (!sql.isBlank()) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
        return c;
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package com.silenttalk.automation.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.silenttalk.automation.postgres.testing.Corpus.Database;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every corpus database, dumped by a real {@code pg_dump -Fc} and loaded by a real
 * {@code pg_restore --no-owner --no-acl --no-tablespaces -j2} into a fresh database, passes every
 * check: no false alarm. Then one thing a restore can lose is taken away from a restored copy
 * before verification, and exactly the matching check fails, naming the object: no false pass.
 */
@ExtendWith(Postgres.class)
class CorpusRestoreTest {
    private static final Map<Database, Dumped> DUMPS = new EnumMap<>(Database.class);
    private static final AtomicInteger RESTORES = new AtomicInteger();

    @TempDir
    static Path work;

    /** One dump of a corpus database and the manifest measured in the snapshot it read. */
    record Dumped(Path archive, SnapshotManifest manifest) {
    }

    @BeforeAll
    static void corpus(Postgres.Server pg) {
        Corpus.build(pg, EnumSet.allOf(Database.class));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void verify_afterPgDumpAndPgRestore_passesEveryCheck(Database database, Postgres.Server pg) throws Exception {
        Dumped dumped = dump(pg, database);
        String restored = restore(pg, dumped);

        List<CheckResult> checks = verify(pg, dumped, restored);

        assertThat(checks).filteredOn(c -> !c.passed()).as("failed checks of %s", database).isEmpty();
        assertThat(checks).extracting(CheckResult::name).containsAll(ObjectInventory.ALL_KINDS);
        assertThat(dumped.manifest().rowCounts()).isNotEmpty();
    }

    @Test
    void verify_whenARestoreRenumbersAndReordersColumns_passesTheSchema(Postgres.Server pg) throws Exception {
        Dumped dumped = dump(pg, Database.LEGACY);
        String restored = restore(pg, dumped);
        String order = "SELECT string_agg(attname || ':' || attnum, ' ' ORDER BY attnum) FROM pg_attribute"
                + " WHERE attrelid = 'public.login_events'::regclass AND attnum > 0 AND NOT attisdropped";

        List<CheckResult> checks = verify(pg, dumped, restored);

        // the same columns, numbered and ordered differently (no dropped column, the parent's come first)
        assertThat(one(pg, restored, order)).isNotEqualTo(one(pg, Database.LEGACY.databaseName(), order));
        assertThat(checks).filteredOn(c -> c.name().equals(ObjectInventory.SCHEMA)).allMatch(CheckResult::passed);
    }

    @Test
    void verify_whenALargeObjectIsDeletedFromTheRestore_failsOnlyLargeObjectsNamingIt(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.LEGACY, "SELECT lo_unlink(424202)", ObjectInventory.LARGE_OBJECTS, "424202: missing from the restore");
    }

    @Test
    void verify_whenALargeObjectIsRewrittenInTheRestore_failsOnlyLargeObjectsNamingIt(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.LEGACY, "SELECT lo_put(424201, 0, '\\x4a'::bytea)", ObjectInventory.LARGE_OBJECTS, "424201: changed");
    }

    @Test
    void verify_whenASequenceIsResetInTheRestore_failsOnlySequencesNamingIt(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.CHAT, "SELECT setval('chat.invite_codes', 1000, false)", ObjectInventory.SEQUENCES,
                "chat.invite_codes: behind its snapshot position");
    }

    @Test
    void verify_whenATriggerIsDroppedFromTheRestore_failsOnlyTriggersNamingIt(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.CHAT, "DROP TRIGGER conversations_title ON chat.conversations", ObjectInventory.TRIGGERS,
                "conversations_title on chat.conversations: missing from the restore");
    }

    @Test
    void verify_whenAPolicyIsDroppedFromTheRestore_failsOnlyPoliciesNamingIt(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.LEGACY, "DROP POLICY notes_write ON public.notes", ObjectInventory.POLICIES,
                "notes_write on public.notes: missing from the restore");
    }

    @Test
    void verify_whenRowSecurityIsSwitchedOffInTheRestore_failsOnlyPoliciesNamingTheTable(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.LEGACY, "ALTER TABLE public.notes NO FORCE ROW LEVEL SECURITY", ObjectInventory.POLICIES,
                "row security on public.notes: changed (snapshot enabled, forced, restored enabled)");
    }

    @Test
    void verify_whenOnePartitionIsTruncatedInTheRestore_failsOnlyPartitionsNamingItAndItsParent(Postgres.Server pg) throws Exception {
        List<CheckResult> checks = mutated(pg, Database.CHAT, "TRUNCATE chat.messages_2024_02");

        long february = dump(pg, Database.CHAT).manifest().rowCounts().get("chat.messages_2024_02");
        assertThat(february).isPositive();
        assertThat(failed(checks)).containsExactly(ObjectInventory.PARTITIONS);
        assertThat(detail(checks, ObjectInventory.PARTITIONS)).contains("chat.messages_2024_02: restored 0 rows, snapshot had " + february)
                .contains("chat.messages: restored " + (30000 - february) + " rows, snapshot had 30000");
    }

    @Test
    void verify_whenAMaterializedViewIsLeftUnpopulated_failsOnlyMaterializedViewsNamingIt(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.CHAT, "REFRESH MATERIALIZED VIEW chat.messages_per_user WITH NO DATA",
                ObjectInventory.MATERIALIZED_VIEWS, "chat.messages_per_user: changed");
    }

    @Test
    void verify_whenAFunctionBodyOrAnEnumLabelDiffers_failsOnlyThatCheck(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.CHAT, "CREATE OR REPLACE FUNCTION chat.touch_edited() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RETURN NEW; END $$", ObjectInventory.FUNCTIONS, "chat.touch_edited(): changed");
        assertOnlyFails(pg, Database.CHAT, "ALTER TYPE chat.message_kind RENAME VALUE 'sticker' TO 'emoji'", ObjectInventory.TYPES,
                "enum chat.message_kind: changed (snapshot text, image, sticker, call, system, restored text, image, emoji, call, system)");
    }

    @Test
    void verify_whenAColumnDefaultDiffers_failsTheSchemaNamingTheTable(Postgres.Server pg) throws Exception {
        assertOnlyFails(pg, Database.WIDE, "ALTER TABLE public.wide ALTER COLUMN c777 SET DEFAULT 778", ObjectInventory.SCHEMA,
                "table public.wide: changed");
    }

    @Test
    void verify_whenMoreThanTwentyObjectsDifferInTheRestore_namesTheFirstTwentyAndCountsTheRest(Postgres.Server pg) throws Exception {
        // 25 functions the snapshot never had, numbered so that their names sort in their order
        List<CheckResult> checks = mutated(pg, Database.CHAT, "DO $$ BEGIN FOR i IN 1..25 LOOP EXECUTE format("
                + "'CREATE FUNCTION public.extra_%s() RETURNS integer LANGUAGE sql AS ''SELECT 1''', lpad(i::text, 2, '0'));"
                + " END LOOP; END $$");

        assertThat(failed(checks)).containsExactly(ObjectInventory.FUNCTIONS);
        assertThat(detail(checks, ObjectInventory.FUNCTIONS)).contains("public.extra_01(): in the restore but not in the snapshot")
                .contains("public.extra_20()").doesNotContain("public.extra_21()").endsWith("; and 5 more");
    }

    private static void assertOnlyFails(Postgres.Server pg, Database database, String mutation, String check, String named)
            throws Exception {
        List<CheckResult> checks = mutated(pg, database, mutation);

        assertThat(failed(checks)).as(mutation).containsExactly(check);
        assertThat(detail(checks, check)).as(mutation).contains(named);
    }

    private static List<CheckResult> mutated(Postgres.Server pg, Database database, String mutation) throws Exception {
        Dumped dumped = dump(pg, database);
        String restored = restore(pg, dumped);
        try (Connection c = connect(pg, restored); Statement s = c.createStatement()) {
            s.execute(mutation);
        }
        return verify(pg, dumped, restored);
    }

    private static List<String> failed(List<CheckResult> checks) {
        return checks.stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
    }

    private static String detail(List<CheckResult> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().detail();
    }

    static synchronized Dumped dump(Postgres.Server pg, Database database) throws Exception {
        Dumped known = DUMPS.get(database);
        if (known != null) {
            return known;
        }
        Path archive = work.resolve(database.databaseName() + ".dump");
        try (Connection c = connect(pg, database.databaseName())) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String exported;
            Instant consistentPoint;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT pg_export_snapshot(), statement_timestamp()")) {
                rs.next();
                exported = rs.getString(1);
                consistentPoint = rs.getTimestamp(2).toInstant();
            }
            Map<String, String> sequences = ObjectInventoryReader.sequences(c);
            run(pg, List.of(Postgres.tool("pg_dump").toString(), "--format=custom", "--compress=1", "--snapshot=" + exported,
                    "--file=" + archive, "-h", "127.0.0.1", "-p", String.valueOf(pg.port()), "-U", Postgres.USER,
                    database.databaseName()));
            CatalogInspector.Measurement measured = CatalogInspector.measure(c, sequences);
            c.commit();
            SnapshotManifest manifest = SnapshotManifest.logical(new SnapshotId("st-auto-corpus-20261125t1200z"),
                    new DatabaseId("corpus"), consistentPoint, measured.serverVersion(), measured.objects(), measured.rowCounts(),
                    "0".repeat(64), Files.size(archive));
            Dumped dumped = new Dumped(archive, manifest);
            DUMPS.put(database, dumped);
            return dumped;
        }
    }

    static String restore(Postgres.Server pg, Dumped dumped) throws Exception {
        String name = "restored_" + RESTORES.incrementAndGet();
        try (Connection admin = connect(pg, "postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        }
        run(pg, List.of(Postgres.tool("pg_restore").toString(), "--no-owner", "--no-acl", "--no-tablespaces", "--exit-on-error",
                "--jobs=2", "-h", "127.0.0.1", "-p", String.valueOf(pg.port()), "-U", Postgres.USER, "-d", name,
                dumped.archive().toString()));
        return name;
    }

    static List<CheckResult> verify(Postgres.Server pg, Dumped dumped, String restored) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", Postgres.USER);
        login.setProperty("password", Postgres.PASSWORD);
        DatabaseFacts facts = DatabaseFactsReader.read(pg.url(restored), login, 2, List.of());
        DrillRequest request = new DrillRequest(new DatabaseId("corpus"), Duration.ofHours(6), "local", DrillTargets.DEFAULT,
                List.of(), false);
        return VerificationSuite.evaluate(request, dumped.manifest(), facts, dumped.manifest().consistentPoint().plusSeconds(5));
    }

    static String one(Postgres.Server pg, String database, String sql) throws SQLException {
        try (Connection c = connect(pg, database); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Connection connect(Postgres.Server pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
    }

    private static void run(Postgres.Server pg, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "tool", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PGPASSWORD", Postgres.PASSWORD);
        Process p = builder.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 300 s");
        }
        assertThat(p.exitValue()).as(command.get(0) + ": " + Files.readString(log)).isZero();
    }
}

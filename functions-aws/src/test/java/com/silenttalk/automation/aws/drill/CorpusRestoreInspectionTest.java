package com.silenttalk.automation.aws.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.VerificationSuite;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.InMemorySecretStore;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import com.silenttalk.automation.postgres.ObjectInventoryReader;
import com.silenttalk.automation.postgres.SnapshotMarkerCensus;
import com.silenttalk.automation.postgres.testing.Corpus;
import com.silenttalk.automation.postgres.testing.Corpus.Database;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The AWS drill's verification over the corpus: the census measures a corpus database at its marker
 * (as before the RDS snapshot) and records what opsctl's snapshot records of it; the restored instance
 * is a byte copy of it taken after the census (what a storage-level restore gives), and
 * {@link JdbcRestoreInspector} with the drill's Secrets Manager login reads it. Every kind of object is a named check and passes; one thing taken away from
 * the restored copy fails exactly its check, naming the object (a large object only beyond the census's
 * tolerance: see below).
 */
@ExtendWith(Postgres.class)
class CorpusRestoreInspectionTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-master-AbCdEf";
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final DrillRequest REQUEST = new DrillRequest(new DatabaseId("corpus"), Duration.ofHours(6), "eu-central-1",
            DrillTargets.DEFAULT, List.of(), false);

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"CHAT", "LEGACY"})
    void inspect_whenTheRestoreIsTheCensusedCorpusDatabase_passesEveryNamedCheck(Database corpus, Postgres.Server pg)
            throws Exception {
        String source = copy(pg, corpus.databaseName(), corpus);
        SnapshotManifest manifest = census(pg, source);
        String restored = copy(pg, source, corpus);

        List<CheckResult> checks = verify(pg, manifest, restored);

        try (Connection c = connect(pg, source)) {
            // what opsctl's snapshot (PgDumper) records of the same database, the census's marker included
            CatalogInspector.Measurement local = CatalogInspector.measure(c, ObjectInventoryReader.sequences(c));
            assertThat(manifest.objects()).isEqualTo(local.objects());
            assertThat(manifest.schemaFingerprint()).isEqualTo(local.schemaFingerprint());
            assertThat(manifest.rowCounts()).isEqualTo(local.rowCounts());
        }
        assertThat(checks).extracting(CheckResult::name).containsAll(ObjectInventory.ALL_KINDS).contains(VerificationSuite.MARKER);
        assertThat(checks).filteredOn(c -> !c.passed()).as("failed checks of %s", corpus).isEmpty();
        assertThat(manifest.objects().kinds()).containsOnlyKeys(ObjectInventory.ALL_KINDS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CHAT   | SELECT setval('chat.invite_codes', 1000, false)            | sequences     | chat.invite_codes: behind its snapshot position",
        "CHAT   | DROP TRIGGER conversations_title ON chat.conversations     | triggers      | conversations_title on chat.conversations: missing from the restore",
        "LEGACY | DROP POLICY notes_write ON public.notes                    | policies      | notes_write on public.notes: missing from the restore",
        "CHAT   | TRUNCATE chat.messages_2024_02                             | partitions    | chat.messages_2024_02: restored 0 rows, snapshot had",
    })
    void inspect_whenTheRestoredCopyLostOneThing_failsExactlyTheMatchingCheckNamingIt(Database corpus, String mutation, String check,
                                                                                     String named, Postgres.Server pg) throws Exception {
        String source = copy(pg, corpus.databaseName(), corpus);
        SnapshotManifest manifest = census(pg, source);
        String restored = copy(pg, source, corpus);
        try (Connection c = connect(pg, restored); Statement s = c.createStatement()) {
            s.execute(mutation);
        }

        List<CheckResult> checks = verify(pg, manifest, restored);

        assertThat(checks).filteredOn(c -> !c.passed()).extracting(CheckResult::name).as(mutation).containsExactly(check);
        assertThat(checks).filteredOn(c -> c.name().equals(check)).singleElement().satisfies(c ->
                assertThat(c.detail()).as(mutation).contains(named));
    }

    /**
     * The census reads large objects just before the storage snapshot, and writes go on in between: a missing one
     * is within the census's tolerance (at most 5 here), so it is named in the check, not failed.
     */
    @ParameterizedTest
    @EnumSource(value = Database.class, names = "LEGACY")
    void inspect_whenALargeObjectIsMissingFromARestoreAtAMarker_passesWithinTheToleranceNamingIt(Database corpus, Postgres.Server pg)
            throws Exception {
        String source = copy(pg, corpus.databaseName(), corpus);
        SnapshotManifest manifest = census(pg, source);
        String restored = copy(pg, source, corpus);
        try (Connection c = connect(pg, restored); Statement s = c.createStatement()) {
            s.execute("SELECT lo_unlink(424202)");
        }

        List<CheckResult> checks = verify(pg, manifest, restored);

        assertThat(checks).filteredOn(c -> !c.passed()).isEmpty();
        assertThat(checks).filteredOn(c -> c.name().equals(ObjectInventory.LARGE_OBJECTS)).singleElement().satisfies(c ->
                assertThat(c.detail()).contains("restored 3 large objects, the snapshot had 4").contains("424202: missing from the restore"));
    }

    private static SnapshotManifest census(Postgres.Server pg, String database) throws SQLException {
        try (Connection c = connect(pg, database)) {
            return SnapshotMarkerCensus.markAndMeasure(c, new SnapshotId("st-auto-corpus-20261125t1200z"), new DatabaseId("corpus"),
                    new SnapshotMarker(UUID.randomUUID().toString(), Instant.parse("2026-11-25T12:00:00Z")), new CountTolerance(0.01, 5));
        }
    }

    private static List<CheckResult> verify(Postgres.Server pg, SnapshotManifest manifest, String restored) {
        InMemorySecretStore secrets = new InMemorySecretStore(SECRET, "v1",
                new Credential(Postgres.USER, "ignored-by-the-drill", Postgres.PASSWORD.toCharArray(), Map.of()));
        JdbcRestoreInspector inspector = new JdbcRestoreInspector(new SecretsManagerRestoreCredentials(arn -> secrets), "prefer");
        RestoredInstance instance = new RestoredInstance("drill-corpus-20261125t1200z", "127.0.0.1", pg.port(), restored, SECRET,
                Map.of());
        DatabaseFacts facts = inspector.inspect(instance, VerificationSuite.probesFor(REQUEST, manifest));
        return VerificationSuite.evaluate(REQUEST, manifest, facts, manifest.consistentPoint().plusSeconds(60));
    }

    /** A byte copy of {@code template}: a private source for the census's marker, or the restored instance. */
    private static String copy(Postgres.Server pg, String template, Database corpus) throws SQLException {
        Corpus.build(pg, EnumSet.of(corpus));
        String copy = corpus.databaseName() + "_aws_" + COPIES.incrementAndGet();
        try (Connection admin = connect(pg, "postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + copy + " TEMPLATE " + template);
        }
        return copy;
    }

    private static Connection connect(Postgres.Server pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
    }
}

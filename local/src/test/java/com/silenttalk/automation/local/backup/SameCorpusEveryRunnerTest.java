package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.postgres.LogicalDumpWriter;
import com.silenttalk.automation.postgres.SchemaScript;
import com.silenttalk.automation.postgres.SnapshotMarkerCensus;
import com.silenttalk.automation.postgres.testing.Corpus;
import com.silenttalk.automation.postgres.testing.Corpus.Database;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three runners measure a database with the same code: opsctl's snapshot (pg_dump beside an
 * exported snapshot), the AWS census (marker and measurement in one transaction, before a storage
 * snapshot) and Azure's JDBC dump. Over the same corpus database they must record the same
 * object inventory, fingerprint and counts, or a manifest made by one would fail a restore checked by another.
 */
@ExtendWith(Postgres.class)
class SameCorpusEveryRunnerTest {
    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final SnapshotId ID = new SnapshotId("st-auto-corpus-20261125t1200z");
    private static final DatabaseId DATABASE = new DatabaseId("corpus");

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = Database.class, names = {"PGBENCH", "CHAT", "WIDE"})
    void snapshotCensusAndJdbcDump_overOneCorpusDatabase_recordTheSameObjectsFingerprintAndCounts(Database corpus, Postgres.Server pg)
            throws Exception {
        String copy = copyOf(pg, corpus);
        try (Connection c = connect(pg, copy)) {
            // the census first: its marker table and row are then in what the other two measure as well
            SnapshotManifest census = census(c);
            SnapshotManifest local = snapshot(pg, copy);
            LogicalDumpWriter.Facts azure = LogicalDumpWriter.write(c, OutputStream.nullOutputStream());

            assertThat(local.objects().kinds()).containsOnlyKeys(ObjectInventory.ALL_KINDS);
            assertThat(census.objects()).isEqualTo(local.objects());
            assertThat(azure.objects()).isEqualTo(local.objects());
            assertThat(census.schemaFingerprint()).isEqualTo(local.schemaFingerprint()).isEqualTo(azure.schemaFingerprint());
            assertThat(census.rowCounts()).isEqualTo(local.rowCounts()).isEqualTo(azure.rowCounts());
        }
    }

    @Test
    void snapshotAndCensus_overTheLegacyDatabase_agreeWhileTheJdbcDumpRefusesNamingWhy(Postgres.Server pg) throws Exception {
        String copy = copyOf(pg, Database.LEGACY);
        try (Connection c = connect(pg, copy)) {
            SnapshotManifest census = census(c);
            SnapshotManifest local = snapshot(pg, copy);

            assertThat(census.objects()).isEqualTo(local.objects());
            assertThat(local.objects().objects(ObjectInventory.LARGE_OBJECTS)).hasSize(Corpus.LARGE_OBJECTS.size());
            assertThat(local.objects().objects(ObjectInventory.POLICIES)).containsKey("notes_write on public.notes");
            assertThat(census.rowCounts()).isEqualTo(local.rowCounts());
            assertThatThrownBy(() -> LogicalDumpWriter.write(c, OutputStream.nullOutputStream()))
                    .isInstanceOf(SchemaScript.UnsupportedSchemaException.class).hasMessageContaining("large objects (4)");
        }
    }

    private static SnapshotManifest census(Connection c) throws SQLException {
        return SnapshotMarkerCensus.markAndMeasure(c, ID, DATABASE,
                new SnapshotMarker(UUID.randomUUID().toString(), Instant.parse("2026-11-25T12:00:00Z")), new CountTolerance(0.01, 5));
    }

    private SnapshotManifest snapshot(Postgres.Server pg, String database) {
        PgEndpoint source = new PgEndpoint("127.0.0.1", pg.port(), database, Postgres.USER, Postgres.PASSWORD.toCharArray(), "prefer");
        return new PgDumper(PgBinaries.locate(System.getenv()), 1, Duration.ofMinutes(5))
                .dump(source, DATABASE, ID, work.resolve(database + ".dump"));
    }

    /** A private copy: the census writes its marker into the database it measures. */
    private static String copyOf(Postgres.Server pg, Database corpus) throws SQLException {
        Corpus.build(pg, EnumSet.of(corpus));
        String copy = corpus.databaseName() + "_runners_" + COPIES.incrementAndGet();
        try (Connection admin = connect(pg, "postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + copy + " TEMPLATE " + corpus.databaseName());
        }
        return copy;
    }

    private static Connection connect(Postgres.Server pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.url(database), Postgres.USER, Postgres.PASSWORD);
    }
}

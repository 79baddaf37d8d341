package com.silenttalk.automation.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.postgres.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Postgres.class)
class SnapshotMarkerCensusTest {
    static final CountTolerance TOLERANCE = new CountTolerance(0.01, 5);
    static final String DB = "census";

    @BeforeAll
    static void dataset(Postgres.Server pg) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB);
            s.execute("CREATE DATABASE " + DB);
        }
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.users (id bigint PRIMARY KEY, handle text NOT NULL)");
            s.execute("INSERT INTO public.users SELECT g, 'u' || g FROM generate_series(1, 75) g");
        }
    }

    static Connection connect(Postgres.Server pg) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", Postgres.USER);
        p.setProperty("password", Postgres.PASSWORD);
        return DriverManager.getConnection(pg.url(DB), p);
    }

    static SnapshotMarker marker(Instant at) {
        return new SnapshotMarker(UUID.randomUUID().toString(), at);
    }

    @Test
    void markAndMeasure_whenRun_writesTheMarkerAndMeasuresTheSameStateAFreshReaderSees(Postgres.Server pg) throws Exception {
        SnapshotMarker marker = marker(Instant.parse("2026-11-25T12:00:02Z"));
        SnapshotManifest manifest;
        try (Connection c = connect(pg)) {
            manifest = SnapshotMarkerCensus.markAndMeasure(c, new SnapshotId("st-auto-orders-20261125t1200z"),
                    new DatabaseId("orders"), marker, TOLERANCE);
            assertThat(c.getAutoCommit()).isTrue();
        }

        assertThat(manifest.marker()).isEqualTo(marker);
        assertThat(manifest.consistentPoint()).isEqualTo(marker.writtenAt());
        assertThat(manifest.countTolerance()).isEqualTo(TOLERANCE);
        assertThat(manifest.rowCounts()).containsEntry("public.users", 75L);
        assertThat(manifest.rowCounts().get(SnapshotMarker.TABLE)).isPositive();
        try (Connection c = connect(pg); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(marker.presenceQuery())) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1); // committed: a snapshot requested now contains it
            // what the drill's inspector reads on a copy of this state matches the manifest exactly
            assertThat(CatalogInspector.schemaFingerprint(c)).isEqualTo(manifest.schemaFingerprint());
            assertThat(CatalogInspector.countRows(c, CatalogInspector.tables(c))).isEqualTo(manifest.rowCounts());
        }
    }

    @Test
    void markAndMeasure_whenRunTwice_keepsTheFingerprintAndCountsOneMoreMarker(Postgres.Server pg) throws Exception {
        try (Connection c = connect(pg)) {
            SnapshotManifest first = SnapshotMarkerCensus.markAndMeasure(c, new SnapshotId("st-auto-orders-20261125t1200z"),
                    new DatabaseId("orders"), marker(Instant.parse("2026-11-25T12:00:00Z")), TOLERANCE);
            SnapshotManifest second = SnapshotMarkerCensus.markAndMeasure(c, new SnapshotId("st-auto-orders-20261125t1800z"),
                    new DatabaseId("orders"), marker(Instant.parse("2026-11-25T18:00:00Z")), TOLERANCE);

            assertThat(second.schemaFingerprint()).isEqualTo(first.schemaFingerprint());
            assertThat(second.rowCounts().get(SnapshotMarker.TABLE)).isEqualTo(first.rowCounts().get(SnapshotMarker.TABLE) + 1);
        }
    }

    @Test
    void markAndMeasure_whenMeasuringFails_rollsTheMarkerBack(Postgres.Server pg) throws Exception {
        SnapshotMarker marker = marker(Instant.parse("2026-11-25T12:00:00Z"));
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            SnapshotMarkerCensus.ensureMarkerTable(c);
            s.execute("CREATE TABLE public.unreadable (id int)");
            s.execute("CREATE ROLE census_reader LOGIN PASSWORD 'census-reader-pw'");
            s.execute("GRANT USAGE, CREATE ON SCHEMA public TO census_reader");
            s.execute("GRANT ALL ON SCHEMA silenttalk_ops TO census_reader");
            s.execute("GRANT ALL ON " + SnapshotMarker.TABLE + " TO census_reader");
            s.execute("GRANT SELECT ON public.users TO census_reader");
        }
        try {
            Properties p = new Properties();
            p.setProperty("user", "census_reader");
            p.setProperty("password", "census-reader-pw");
            try (Connection reader = DriverManager.getConnection(pg.url(DB), p)) {
                assertThatThrownBy(() -> SnapshotMarkerCensus.markAndMeasure(reader,
                        new SnapshotId("st-auto-orders-20261125t1200z"), new DatabaseId("orders"), marker, TOLERANCE))
                        .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("permission denied");
            }
            try (Connection c = connect(pg); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(marker.presenceQuery())) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                s.execute("DROP TABLE public.unreadable");
                s.execute("REVOKE ALL ON " + SnapshotMarker.TABLE + " FROM census_reader");
                s.execute("REVOKE ALL ON SCHEMA silenttalk_ops FROM census_reader");
                s.execute("REVOKE ALL ON SCHEMA public FROM census_reader");
                s.execute("REVOKE ALL ON public.users FROM census_reader");
                s.execute("DROP ROLE census_reader");
            }
        }
    }
}

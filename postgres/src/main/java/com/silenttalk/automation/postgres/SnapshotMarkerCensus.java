package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.CountTolerance;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * Measures a source database just before a storage-level snapshot is requested. In one
 * REPEATABLE READ transaction it writes a {@link SnapshotMarker} row and reads the object
 * inventory and exact per-table counts, so marker, objects and counts describe one instant;
 * once it commits, any snapshot requested afterwards contains the marker.
 */
public final class SnapshotMarkerCensus {
    private static final String SCHEMA = SnapshotMarker.TABLE.substring(0, SnapshotMarker.TABLE.indexOf('.'));

    private SnapshotMarkerCensus() {
    }

    /** @param c a connection as a role that may create the marker schema once and insert into it */
    public static SnapshotManifest markAndMeasure(Connection c, SnapshotId snapshot, DatabaseId database,
                                                  SnapshotMarker marker, CountTolerance tolerance) throws SQLException {
        ensureMarkerTable(c);
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + SnapshotMarker.TABLE
                    + " (marker_id, snapshot_id, written_at) VALUES (?::uuid, ?, ?)")) {
                insert.setString(1, marker.id());
                insert.setString(2, snapshot.value());
                insert.setTimestamp(3, Timestamp.from(marker.writtenAt()));
                insert.executeUpdate();
            }
            // the storage snapshot comes later: its sequences can only be at or beyond these
            CatalogInspector.Measurement measured = CatalogInspector.measure(c, ObjectInventoryReader.sequences(c));
            c.commit();
            return SnapshotManifest.atMarker(snapshot, database, marker, measured.serverVersion(), measured.objects(),
                    measured.rowCounts(), tolerance);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }

    /** Committed on its own, before the measuring transaction, so the fingerprint already includes the table. */
    static void ensureMarkerTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + SnapshotMarker.TABLE + " (marker_id uuid PRIMARY KEY,"
                    + " snapshot_id text NOT NULL, written_at timestamptz NOT NULL)");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}

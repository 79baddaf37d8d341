package com.silenttalk.automation.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The failover's two questions a PostgreSQL connection answers and no cloud API can: does
 * this node take a real write, and how far behind the primary is this standby. One
 * implementation for the local runner and the cloud functions.
 */
public final class FailoverChecks {
    /** The probe table; a row per verified failover, tiny and harmless to keep. */
    public static final String PROBE_TABLE = "opsctl_failover_probe";

    private FailoverChecks() {
    }

    /** Inserts a probe row and reads it back; returns its id. Throws when the node is read-only or the row is missing. */
    public static long writeAndReadBack(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + PROBE_TABLE
                    + " (id bigserial PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now())");
            long id;
            try (ResultSet rs = s.executeQuery("INSERT INTO " + PROBE_TABLE + " DEFAULT VALUES RETURNING id")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (ResultSet back = s.executeQuery("SELECT count(*) FROM " + PROBE_TABLE + " WHERE id = " + id)) {
                back.next();
                if (back.getLong(1) != 1) {
                    throw new SQLException("probe row " + id + " did not read back", "XX000");
                }
            }
            return id;
        }
    }

    /** Zero when everything received is replayed (or the node is not a standby); otherwise the age of the last replayed transaction. */
    public static Duration replayLag(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
                     + " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                     + " ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END")) {
            rs.next();
            return Duration.ofMillis((long) (rs.getDouble(1) * 1000));
        }
    }
}

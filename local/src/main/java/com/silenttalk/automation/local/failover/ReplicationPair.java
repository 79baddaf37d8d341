package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import com.silenttalk.automation.core.UntrustedText;

/** A primary and a streaming standby on this machine, by node name. */
public final class ReplicationPair implements AutoCloseable {
    public static final String DATABASE = "silenttalk";
    private final Map<String, ThrowawayCluster> nodes = new LinkedHashMap<>();
    private final boolean owned;

    private ReplicationPair(boolean owned) {
        this.owned = owned;
    }

    /**
     * The pair a plan names, started earlier by another opsctl process under {@code root}; closing it
     * leaves the servers running (their owner tears them down).
     */
    public static ReplicationPair attach(PgBinaries binaries, Path root, String primary, String standby, String field) {
        ReplicationPair pair = new ReplicationPair(false);
        pair.nodes.put(primary, ThrowawayCluster.attach(binaries, root, primary, field));
        pair.nodes.put(standby, ThrowawayCluster.attach(binaries, root, standby, field));
        return pair;
    }

    public static ReplicationPair start(PgBinaries binaries, Path root, String prefix) {
        ReplicationPair pair = new ReplicationPair(true);
        try {
            ThrowawayCluster primary = ThrowawayCluster.create(binaries, root, prefix + "-a");
            pair.nodes.put(prefix + "-a", primary);
            primary.createDatabase(DATABASE);
            ThrowawayCluster standby = ThrowawayCluster.createStandby(binaries, root, prefix + "-b", primary);
            pair.nodes.put(prefix + "-b", standby);
            pair.awaitStreaming(prefix + "-b", Duration.ofSeconds(30));
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    public ThrowawayCluster node(String name) {
        ThrowawayCluster c = nodes.get(name);
        if (c == null) {
            throw new com.silenttalk.automation.core.InvalidFieldException("node", UntrustedText.quoted(name) + " is not one of " + nodes.keySet());
        }
        return c;
    }

    public Map<String, ThrowawayCluster> nodes() {
        return Map.copyOf(nodes);
    }

    public PgEndpoint endpoint(String node) {
        return node(node).endpoint(DATABASE);
    }

    /** Waits until the standby's WAL receiver streams from its primary. */
    public void awaitStreaming(String standby, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try (Connection c = endpoint(standby).connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status FROM pg_stat_wal_receiver")) {
                if (rs.next() && "streaming".equals(rs.getString(1))) {
                    return;
                }
                last = "wal receiver not streaming yet";
            } catch (SQLException e) {
                last = e.getMessage();
            }
            sleep(Duration.ofMillis(200));
        }
        throw new EnvironmentException(standby + " did not start streaming within " + timeout + ": " + last);
    }

    /**
     * Waits until the standby has replayed everything the primary had inserted into its WAL when
     * this was called. The insert position, not the write position: with asynchronous commit a
     * committed transaction can sit in WAL buffers, past pg_current_wal_lsn().
     */
    public void awaitReplayed(String primary, String standby, Duration timeout) {
        try (Connection p = endpoint(primary).connect(); Statement ps = p.createStatement();
             ResultSet lsn = ps.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            lsn.next();
            String target = lsn.getString(1);
            long deadline = System.nanoTime() + timeout.toNanos();
            try (Connection s = endpoint(standby).connect(); Statement ss = s.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = ss.executeQuery("SELECT pg_last_wal_replay_lsn() >= " + UntrustedText.quoted(target) + "::pg_lsn")) {
                        if (rs.next() && rs.getBoolean(1)) {
                            return;
                        }
                    }
                    sleep(Duration.ofMillis(100));
                }
            }
            throw new EnvironmentException(standby + " did not replay up to " + target + " within " + timeout);
        } catch (SQLException e) {
            throw new EnvironmentException("cannot compare replication positions: " + e.getMessage(), e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            nodes.values().forEach(ThrowawayCluster::close);
        }
    }
}

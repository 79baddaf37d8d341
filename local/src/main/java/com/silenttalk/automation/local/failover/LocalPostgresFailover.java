package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.failover.DatabaseFailover;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.postgres.FailoverChecks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Failover of local streaming replication, for real: fence by stopping the old primary and
 * marking it a standby, promote with pg_ctl, verify with a real write, and re-protect by
 * rebuilding the old primary as a standby of the new one from a fresh base backup.
 */
public final class LocalPostgresFailover implements DatabaseFailover {
    private final ReplicationPair pair;

    public LocalPostgresFailover(ReplicationPair pair) {
        this.pair = pair;
    }

    @Override
    public Progress<Long> fence(FailoverPlan plan) {
        ThrowawayCluster old = pair.node(plan.from());
        long notReplicated = -1;
        if (old.isRunning() && reachable(plan.from())) {
            notReplicated = bytesBehind(plan.from(), plan.to());
        }
        old.stopImmediately();
        old.fenceAsStandby();
        return Progress.ready(notReplicated);
    }

    @Override
    public Progress<String> promote(FailoverPlan plan) {
        if (isWritable(plan.to())) {
            return Progress.ready(plan.to() + " already primary");
        }
        pair.node(plan.to()).promote();
        return isWritable(plan.to()) ? Progress.ready(plan.to() + " promoted")
                : Progress.pending(Duration.ofSeconds(1), plan.to() + " still in recovery");
    }

    @Override
    public boolean isWritable(String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT NOT pg_is_in_recovery()")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void verifyWrites(String node) {
        try (Connection c = pair.endpoint(node).connect()) {
            FailoverChecks.writeAndReadBack(c);
        } catch (SQLException e) {
            throw new EnvironmentException(node + " does not accept writes: " + e.getMessage(), e);
        }
    }

    @Override
    public Progress<String> reprotect(FailoverPlan plan) {
        ThrowawayCluster old = pair.node(plan.from());
        old.rebuildAsStandbyOf(pair.node(plan.to()));
        pair.awaitStreaming(plan.from(), Duration.ofSeconds(60));
        return Progress.ready(plan.from() + " rebuilt from a base backup and streaming from " + plan.to());
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    private boolean reachable(String node) {
        try (Connection c = pair.endpoint(node).connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private long bytesBehind(String primary, String standby) {
        try (Connection p = pair.endpoint(primary).connect(); Statement ps = p.createStatement();
             ResultSet rs = ps.executeQuery("SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), replay_lsn)), -1)::bigint"
                     + " FROM pg_stat_replication")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new EnvironmentException("cannot measure how far " + standby + " is behind: " + e.getMessage(), e);
        }
    }
}

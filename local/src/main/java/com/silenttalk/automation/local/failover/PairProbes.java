package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.postgres.FailoverChecks;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** What the failover demo reads from and writes to the nodes of a local pair: the signals the gate hears, the checks after. */
final class PairProbes {
    private PairProbes() {
    }

    static long writeMarker(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS failover_marker (id bigserial PRIMARY KEY, note text NOT NULL)");
            try (ResultSet rs = s.executeQuery("INSERT INTO failover_marker (note) VALUES ('written before the outage') RETURNING id")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new EnvironmentException("cannot write the marker row: " + e.getMessage(), e);
        }
    }

    static long count(ReplicationPair pair, String node, String sql) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static boolean refusesWrites(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE opsctl_fence_probe (id int)");
            return false;
        } catch (SQLException e) {
            return true; // read-only (in recovery) or down: either way no write lands
        }
    }

    static boolean tcpOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static boolean reachable(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    static boolean streaming(ReplicationPair pair, String node) {
        try (Connection c = pair.endpoint(node).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM pg_stat_wal_receiver")) {
            return rs.next() && "streaming".equals(rs.getString(1));
        } catch (SQLException e) {
            return false;
        }
    }

    /** Zero when everything received is replayed; otherwise the age of the last replayed transaction. */
    static Duration replayLag(ReplicationPair pair, String standby) {
        try (Connection c = pair.endpoint(standby).connect()) {
            return FailoverChecks.replayLag(c);
        } catch (SQLException e) {
            return null;
        }
    }
}

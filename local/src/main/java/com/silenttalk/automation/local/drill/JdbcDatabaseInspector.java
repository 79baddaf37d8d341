package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.CatalogInspector;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies a restored database over JDBC: TLS where offered, the schema fingerprint, exact
 * counts (each table scanned once, tables spread over {@code jobs} connections) and probes.
 */
public final class JdbcDatabaseInspector implements DatabaseInspector {
    private final int jobs;

    public JdbcDatabaseInspector(int jobs) {
        this.jobs = Math.max(1, jobs);
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        PgEndpoint endpoint = endpointOf(instance);
        try (Connection c = endpoint.connect()) {
            String protocol = tlsProtocol(c);
            boolean used = protocol != null;
            boolean offered = used || serverAcceptsTls(endpoint);
            String fingerprint = CatalogInspector.schemaFingerprint(c);
            List<String> tables = CatalogInspector.tables(c);
            Map<String, Long> counts = countInParallel(endpoint, c, tables);
            Map<String, String> results = new LinkedHashMap<>();
            for (SqlProbe probe : probes) {
                results.put(probe.name(), runProbe(c, probe));
            }
            return new DatabaseFacts(offered, used, used ? protocol : "none", fingerprint, counts, results);
        } catch (SQLException e) {
            throw new EnvironmentException("restored database " + endpoint + " failed verification queries: " + e.getMessage(), e);
        }
    }

    static PgEndpoint endpointOf(RestoredInstance instance) {
        char[] password = instance.credentialsRef() == null ? null : ThrowawayCluster.readPassword(Path.of(instance.credentialsRef()));
        return new PgEndpoint(instance.host(), instance.port(), instance.database(),
                instance.details().getOrDefault("user", "postgres"), password, "prefer");
    }

    private Map<String, Long> countInParallel(PgEndpoint endpoint, Connection first, List<String> tables) throws SQLException {
        if (jobs == 1 || tables.size() < 2) {
            return CatalogInspector.countRows(first, tables);
        }
        List<List<String>> shares = new ArrayList<>();
        long[] load = new long[jobs];
        for (int i = 0; i < jobs; i++) {
            shares.add(new ArrayList<>());
        }
        // Tables arrive largest first; each goes to the least-loaded connection (by table count, a fair proxy).
        for (String table : tables) {
            int least = 0;
            for (int i = 1; i < jobs; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            shares.get(least).add(table);
            load[least] += tables.size() - shares.get(least).size() + 1;
        }
        List<CompletableFuture<Map<String, Long>>> parts = new ArrayList<>();
        for (int i = 1; i < jobs; i++) {
            List<String> share = shares.get(i);
            parts.add(CompletableFuture.supplyAsync(() -> {
                try (Connection c = endpoint.connect()) {
                    return CatalogInspector.countRows(c, share);
                } catch (SQLException e) {
                    throw new EnvironmentException("counting rows on " + endpoint + ": " + e.getMessage(), e);
                }
            }));
        }
        Map<String, Long> counts = new LinkedHashMap<>(CatalogInspector.countRows(first, shares.get(0)));
        for (CompletableFuture<Map<String, Long>> part : parts) {
            try {
                counts.putAll(part.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return counts;
    }

    private static String tlsProtocol(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            return rs.next() && rs.getBoolean(1) ? rs.getString(2) : null;
        }
    }

    private static boolean serverAcceptsTls(PgEndpoint endpoint) {
        try (Connection c = endpoint.withSslMode("require").connect()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String runProbe(Connection c, SqlProbe probe) {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(60);
            try (ResultSet rs = s.executeQuery(probe.sql())) {
                if (!rs.next()) {
                    return "<no rows>";
                }
                String value = rs.getString(1);
                return value == null ? "<null>" : value;
            }
        } catch (SQLException e) {
            return "error: " + e.getSQLState() + " " + firstLine(e.getMessage());
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

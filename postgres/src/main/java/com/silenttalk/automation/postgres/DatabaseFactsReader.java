package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Measures a restored database for the drill's verification: TLS, the object inventory (whose
 * schema lines make the fingerprint), exact counts (each table scanned once, spread over
 * {@code jobs} connections) and probes.
 */
public final class DatabaseFactsReader {
    /** Opens another connection to the same database; null keeps the caller's sslmode. */
    @FunctionalInterface
    public interface ConnectionOpener {
        Connection open(String sslMode) throws SQLException;
    }

    private DatabaseFactsReader() {
    }

    /** The same, over plain JDBC: {@code props} holds user, password and sslmode; it is copied, never kept. */
    public static DatabaseFacts read(String jdbcUrl, Properties props, int jobs, List<SqlProbe> probes) throws SQLException {
        return read(mode -> {
            Properties p = new Properties();
            p.putAll(props);
            if (mode != null) {
                p.setProperty("sslmode", mode);
            }
            return DriverManager.getConnection(jdbcUrl, p);
        }, jobs, probes);
    }

    public static DatabaseFacts read(ConnectionOpener opener, int jobs, List<SqlProbe> probes) throws SQLException {
        return read(opener, opener, jobs, probes);
    }

    /**
     * @param counters opens the further connections that only count rows ({@code jobs} above 1); the first connection,
     *                 {@code opener}'s, is the one whose TLS is reported
     */
    public static DatabaseFacts read(ConnectionOpener opener, ConnectionOpener counters, int jobs, List<SqlProbe> probes)
            throws SQLException {
        try (Connection c = opener.open(null)) {
            String protocol = tlsProtocol(c);
            boolean used = protocol != null;
            boolean offered = used || serverAcceptsTls(opener);
            ObjectInventory objects = ObjectInventoryReader.read(c);
            Map<String, Long> counts = countInParallel(counters, c, CatalogInspector.tables(c), Math.max(1, jobs));
            Map<String, String> results = new LinkedHashMap<>();
            for (SqlProbe probe : probes) {
                results.put(probe.name(), runProbe(c, probe));
            }
            return new DatabaseFacts(offered, used, used ? protocol : "none", objects.digest(ObjectInventory.SCHEMA), counts,
                    results, objects);
        }
    }

    private static Map<String, Long> countInParallel(ConnectionOpener opener, Connection first, List<String> tables, int jobs)
            throws SQLException {
        if (jobs == 1 || tables.size() < 2) {
            return CatalogInspector.countRows(first, tables);
        }
        // Tables arrive largest first; dealing them round-robin keeps the shares close in size.
        List<List<String>> shares = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < tables.size(); i++) {
            shares.get(i % jobs).add(tables.get(i));
        }
        List<CompletableFuture<Map<String, Long>>> parts = new ArrayList<>();
        for (int i = 1; i < jobs; i++) {
            List<String> share = shares.get(i);
            parts.add(CompletableFuture.supplyAsync(() -> {
                try (Connection c = opener.open(null)) {
                    return CatalogInspector.countRows(c, share);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        Map<String, Long> counts = new LinkedHashMap<>(CatalogInspector.countRows(first, shares.get(0)));
        for (CompletableFuture<Map<String, Long>> part : parts) {
            try {
                counts.putAll(part.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw e;
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

    private static boolean serverAcceptsTls(ConnectionOpener opener) {
        try (Connection c = opener.open("require")) {
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

    public static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

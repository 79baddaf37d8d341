package com.silenttalk.automation.azure.drill;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Verifies a restored Flexible Server over JDBC: TLS, the schema fingerprint, exact row counts
 * (one scan per table) and the operator's probes. The admin password comes from Key Vault
 * (the instance carries only the secret's URI) and never leaves this method. The catalog
 * queries and the fingerprint are the local runner's ({@code local.postgres.CatalogInspector},
 * as the AWS inspector copies them), so a manifest made by any runner compares.
 */
public final class JdbcRestoreInspector implements DatabaseInspector {
    private static final String USER_SCHEMAS =
            "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    /** Reads a secret's current value by its URI; the caller wipes the returned characters. */
    @FunctionalInterface
    public interface PasswordSource {
        char[] password(String secretUri);
    }

    private final PasswordSource passwords;
    private final String sslMode;

    /**
     * @param passwords Key Vault in production ({@link KeyVaultPasswords})
     * @param sslMode   {@code require} in production (Flexible Server enforces TLS); tests on a plain local server use {@code prefer}
     */
    public JdbcRestoreInspector(PasswordSource passwords, String sslMode) {
        this.passwords = passwords;
        this.sslMode = sslMode;
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        String secretUri = instance.credentialsRef();
        if (secretUri == null || secretUri.isBlank()) {
            throw new IllegalStateException("restored server " + instance.name() + " names no credentials secret");
        }
        String user = instance.details().get("user");
        if (user == null || user.isBlank()) {
            throw new IllegalStateException("restored server " + instance.name() + " reports no administrator login");
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        char[] password = passwords.password(secretUri);
        props.setProperty("password", new String(password));
        Arrays.fill(password, '\0');
        props.setProperty("sslmode", sslMode);
        props.setProperty("connectTimeout", "15");
        props.setProperty("ApplicationName", "silenttalk-drill");
        String url = "jdbc:postgresql://" + instance.host() + ":" + instance.port() + "/" + instance.database();
        try (Connection c = DriverManager.getConnection(url, props)) {
            String protocol = tlsProtocol(c);
            boolean used = protocol != null;
            // with sslmode prefer or require the driver takes TLS whenever the server offers it
            boolean offered = used;
            Map<String, Long> counts = new LinkedHashMap<>();
            try (Statement s = c.createStatement()) {
                for (String table : tables(c)) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
            Map<String, String> results = new LinkedHashMap<>();
            for (SqlProbe probe : probes) {
                results.put(probe.name(), runProbe(c, probe));
            }
            return new DatabaseFacts(offered, used, used ? protocol : "none", schemaFingerprint(c), counts, results);
        } catch (SQLException e) {
            // the message names host and state only: the driver never puts the password in it
            throw new IllegalStateException("verification queries on " + instance.name() + " (" + instance.host() + ":"
                    + instance.port() + ") failed: " + e.getSQLState() + " " + firstLine(e.getMessage()), e);
        } finally {
            props.remove("password");
        }
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action");
    }

    static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, r.relname) FROM pg_class r"
                     + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'r' AND " + USER_SCHEMAS
                     + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = r.oid AND d.deptype = 'e')"
                     + " ORDER BY r.relpages DESC, 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** SHA-256 over the sorted definitions of columns, constraints, indexes, views and sequences. */
    static String schemaFingerprint(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        collect(c, lines, "SELECT 'column ' || format('%I.%I', n.nspname, r.relname) || ' ' || r.relkind::text || ' '"
                + " || a.attnum || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                + " || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')"
                + " FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r','p','v','m','f') AND " + USER_SCHEMAS);
        collect(c, lines, "SELECT 'constraint ' || format('%I.%I', n.nspname, r.relname) || ' ' || quote_ident(co.conname)"
                + " || ' ' || pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_class r ON r.oid = co.conrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER_SCHEMAS);
        collect(c, lines, "SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER_SCHEMAS);
        collect(c, lines, "SELECT 'view ' || format('%I.%I', n.nspname, r.relname) || ' ' || pg_get_viewdef(r.oid)"
                + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('v','m') AND " + USER_SCHEMAS);
        collect(c, lines, "SELECT 'sequence ' || format('%I.%I', n.nspname, r.relname) FROM pg_class r"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'S' AND " + USER_SCHEMAS);
        lines.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void collect(Connection c, List<String> into, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    private static String tlsProtocol(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            return rs.next() && rs.getBoolean(1) ? rs.getString(2) : null;
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

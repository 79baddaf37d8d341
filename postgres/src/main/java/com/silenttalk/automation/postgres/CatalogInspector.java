package com.silenttalk.automation.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the catalog of one connection's database, inside whatever transaction snapshot the
 * connection is in: at snapshot time that is the exported snapshot pg_dump also reads.
 * Owners and privileges are left out because restores use --no-owner --no-acl.
 */
public final class CatalogInspector {
    /** The schemas a dump or a fingerprint covers: everything but the system's. */
    static final String USER_SCHEMAS =
            "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private CatalogInspector() {
    }

    /** Ordinary tables (and partitions), largest first so that parallel counting balances. */
    public static List<String> tables(Connection c) throws SQLException {
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

    /** Exact counts: one sequential scan per table. */
    public static Map<String, Long> countRows(Connection c, List<String> tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** SHA-256 over the sorted definitions of tables, columns, constraints, indexes, views and sequences. */
    public static String schemaFingerprint(Connection c) throws SQLException {
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

    public static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void collect(Connection c, List<String> into, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }
}

package com.silenttalk.automation.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DDL that recreates a database's schema, read from the catalog in the connection's
 * snapshot, in the order pg_dump uses: what tables need before their data (schemas,
 * extensions, enum types, functions, sequences, tables, views) and what is cheaper or only
 * possible after it (sequence values, constraints with foreign keys last, indexes, triggers,
 * materialized view contents).
 *
 * <p>Covered: what the schema fingerprint covers, plus functions, triggers and enum types.
 * Left out on purpose, as in a {@code --no-owner --no-acl} restore: owners, grants, comments,
 * column collations, storage parameters and statistics targets. Objects whose DDL is not
 * generated here (domains, range and composite types, partitioned, foreign or inherited
 * tables, row-level security policies, rules, aggregates, base types) make {@link #read}
 * refuse, naming them, rather than produce a dump that would not restore.
 */
public record SchemaScript(List<String> beforeData, List<String> afterData) {
    private static final String USER = CatalogInspector.USER_SCHEMAS;
    private static final String NOT_EXTENSION_MEMBER =
            " NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = %s AND d.deptype = 'e')";

    public SchemaScript {
        beforeData = List.copyOf(beforeData);
        afterData = List.copyOf(afterData);
    }

    /** Thrown when the database holds objects this script cannot recreate. */
    public static final class UnsupportedSchemaException extends SQLException {
        UnsupportedSchemaException(List<String> objects) {
            super("the JDBC logical dump cannot recreate " + String.join(", ", objects)
                    + " (see SchemaScript for what it covers)");
        }
    }

    public static SchemaScript read(Connection c) throws SQLException {
        List<String> unsupported = strings(c, unsupportedObjectsQuery());
        if (!unsupported.isEmpty()) {
            throw new UnsupportedSchemaException(unsupported);
        }
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        before.add("SET LOCAL check_function_bodies = false");
        before.addAll(strings(c, "SELECT format('CREATE SCHEMA IF NOT EXISTS %I', n.nspname) FROM pg_namespace n WHERE "
                + USER + " AND n.nspname <> 'public' AND" + notExtension("n.oid") + " ORDER BY n.oid"));
        before.addAll(strings(c, "SELECT format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', e.extname, n.nspname)"
                + " FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY e.oid"));
        before.addAll(strings(c, "SELECT format('CREATE TYPE %I.%I AS ENUM (%s)', n.nspname, t.typname,"
                + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND " + USER
                + " AND" + notExtension("t.oid") + " ORDER BY t.oid"));
        before.addAll(strings(c, "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind IN ('f', 'p') AND " + USER + " AND" + notExtension("p.oid") + " ORDER BY p.oid"));
        before.addAll(strings(c, "SELECT format('CREATE SEQUENCE %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %s',"
                + " n.nspname, r.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,"
                + " CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)"
                + " FROM pg_sequence s JOIN pg_class r ON r.oid = s.seqrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE " + USER + " AND" + notExtension("r.oid")
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = r.oid AND d.deptype = 'i') ORDER BY r.oid"));
        before.addAll(createTables(c));
        // views in creation order, so that a view over another view comes after it
        before.addAll(strings(c, "SELECT CASE r.relkind WHEN 'v' THEN format('CREATE VIEW %I.%I AS %s', n.nspname, r.relname,"
                + " rtrim(pg_get_viewdef(r.oid), ';')) ELSE format('CREATE MATERIALIZED VIEW %I.%I AS %s WITH NO DATA',"
                + " n.nspname, r.relname, rtrim(pg_get_viewdef(r.oid), ';')) END"
                + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('v', 'm') AND " + USER
                + " AND" + notExtension("r.oid") + " ORDER BY r.oid"));

        // sequence values: identity sequences are found through their column, as their names are the server's choice
        after.addAll(sequenceValues(c));
        after.addAll(strings(c, "SELECT format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, r.relname, co.conname,"
                + " pg_get_constraintdef(co.oid)) FROM pg_constraint co JOIN pg_class r ON r.oid = co.conrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'r' AND " + USER + " AND" + notExtension("r.oid")
                + " ORDER BY CASE co.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END, co.oid"));
        after.addAll(strings(c, "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('r', 'm') AND " + USER + " AND" + notExtension("r.oid")
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))"
                + " ORDER BY i.indexrelid"));
        after.addAll(strings(c, "SELECT format('ALTER SEQUENCE %I.%I OWNED BY %I.%I.%I', n.nspname, s.relname, tn.nspname, t.relname, a.attname)"
                + " FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace"
                + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'a' AND " + USER + " ORDER BY s.oid"));
        after.addAll(strings(c, "SELECT pg_get_triggerdef(tg.oid) FROM pg_trigger tg JOIN pg_class r ON r.oid = tg.tgrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE NOT tg.tgisinternal AND " + USER + " ORDER BY tg.oid"));
        after.addAll(strings(c, "SELECT format('REFRESH MATERIALIZED VIEW %I.%I', n.nspname, r.relname) FROM pg_class r"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'm' AND r.relispopulated AND " + USER
                + " ORDER BY r.oid"));
        return new SchemaScript(before, after);
    }

    private static String notExtension(String oid) {
        return String.format(NOT_EXTENSION_MEMBER, oid);
    }

    private static String unsupportedObjectsQuery() {
        String userType = " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER + " AND" + notExtension("t.oid");
        String userRelation = " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER + " AND" + notExtension("r.oid");
        return "SELECT 'domain ' || format('%I.%I', n.nspname, t.typname)" + userType + " AND t.typtype = 'd'"
                + " UNION ALL SELECT 'range type ' || format('%I.%I', n.nspname, t.typname)" + userType + " AND t.typtype IN ('r', 'm')"
                + " UNION ALL SELECT 'base type ' || format('%I.%I', n.nspname, t.typname)" + userType
                + " AND t.typtype = 'b' AND t.typcategory <> 'A'"
                + " UNION ALL SELECT 'composite type ' || format('%I.%I', n.nspname, r.relname)" + userRelation + " AND r.relkind = 'c'"
                + " UNION ALL SELECT 'partitioned table ' || format('%I.%I', n.nspname, r.relname)" + userRelation + " AND r.relkind = 'p'"
                + " UNION ALL SELECT 'foreign table ' || format('%I.%I', n.nspname, r.relname)" + userRelation + " AND r.relkind = 'f'"
                + " UNION ALL SELECT 'inherited table ' || format('%I.%I', n.nspname, r.relname)" + userRelation
                + " AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = r.oid)"
                + " UNION ALL SELECT 'row security on ' || format('%I.%I', n.nspname, r.relname)" + userRelation
                + " AND (r.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = r.oid))"
                + " UNION ALL SELECT 'rule ' || format('%I on %I.%I', w.rulename, n.nspname, r.relname) FROM pg_rewrite w"
                + " JOIN pg_class r ON r.oid = w.ev_class JOIN pg_namespace n ON n.oid = r.relnamespace WHERE w.rulename <> '_RETURN' AND " + USER
                + " UNION ALL SELECT 'aggregate ' || format('%I.%I', n.nspname, p.proname) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind IN ('a', 'w') AND " + USER + " AND" + notExtension("p.oid")
                + " ORDER BY 1";
    }

    private static List<String> createTables(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT format('%I.%I', n.nspname, r.relname), quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),"
                        + " a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated"
                        + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                        + " LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped"
                        + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                        + " WHERE r.relkind = 'r' AND " + USER + " AND" + notExtension("r.oid") + " ORDER BY r.oid, a.attnum")) {
            while (rs.next()) {
                List<String> table = columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                if (rs.getString(2) == null) {
                    continue; // a table without columns
                }
                StringBuilder column = new StringBuilder(rs.getString(2)).append(' ').append(rs.getString(3));
                String expression = rs.getString(5);
                String identity = rs.getString(6);
                if ("s".equals(rs.getString(7))) {
                    column.append(" GENERATED ALWAYS AS (").append(expression).append(") STORED");
                } else if (expression != null) {
                    column.append(" DEFAULT ").append(expression);
                }
                if ("a".equals(identity)) {
                    column.append(" GENERATED ALWAYS AS IDENTITY");
                } else if ("d".equals(identity)) {
                    column.append(" GENERATED BY DEFAULT AS IDENTITY");
                }
                if (rs.getBoolean(4)) {
                    column.append(" NOT NULL");
                }
                table.add(column.toString());
            }
        }
        List<String> statements = new ArrayList<>();
        columns.forEach((table, cols) -> statements.add("CREATE TABLE " + table + " (" + String.join(", ", cols) + ")"));
        return statements;
    }

    private static List<String> sequenceValues(Connection c) throws SQLException {
        List<String[]> sequences = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT format('%I.%I', n.nspname, r.relname), CASE WHEN a.attname IS NOT NULL THEN format('%I.%I', tn.nspname, t.relname) END,"
                        + " a.attname"
                        + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                        + " LEFT JOIN pg_depend d ON d.objid = r.oid AND d.classid = 'pg_class'::regclass AND d.deptype = 'i'"
                        + " LEFT JOIN pg_class t ON t.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                        + " LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                        + " WHERE r.relkind = 'S' AND " + USER + " AND" + notExtension("r.oid") + " ORDER BY r.oid")) {
            while (rs.next()) {
                sequences.add(new String[] {rs.getString(1), rs.getString(3) == null ? null : rs.getString(2), rs.getString(3)});
            }
        }
        List<String> statements = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String[] sequence : sequences) {
                try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + sequence[0])) {
                    rs.next();
                    String target = sequence[1] == null ? literal(c, sequence[0])
                            : "pg_get_serial_sequence(" + literal(c, sequence[1]) + ", " + literal(c, sequence[2]) + ")";
                    statements.add("SELECT setval(" + target + ", " + rs.getLong(1) + ", " + rs.getBoolean(2) + ")");
                }
            }
        }
        return statements;
    }

    private static String literal(Connection c, String value) throws SQLException {
        try (var ps = c.prepareStatement("SELECT quote_literal(?)")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

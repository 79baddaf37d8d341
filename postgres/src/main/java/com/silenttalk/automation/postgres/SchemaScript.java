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
 * extensions, then types and functions in creation order, sequences, tables, partitions
 * attached to their parents, views) and what is cheaper or only possible after it (sequence
 * values, constraints with foreign keys last, indexes, triggers, materialized view contents).
 *
 * <p>Covered: what the schema fingerprint covers, plus functions, triggers, enum, domain,
 * composite and range types, unlogged and partitioned tables (range, list or hash, default
 * partitions, sub-partitions: a chat platform's messages table partitioned by month). A
 * partitioned table's constraints, indexes and triggers are created on it alone and reach its
 * partitions as PostgreSQL does, so the partitions get them under the same names. Left out on
 * purpose, as in a {@code --no-owner --no-acl} restore: owners, grants, comments, storage
 * parameters and statistics targets. Objects whose DDL is not generated here (foreign or
 * inherited tables, row-level security policies, rules, aggregates, base types, large objects,
 * range types with a canonical function, functions over a table's row type) make {@link #read}
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
        before.addAll(strings(c, typesAndFunctionsQuery()));
        before.addAll(strings(c, "SELECT format('CREATE SEQUENCE %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %s',"
                + " n.nspname, r.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,"
                + " CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)"
                + " FROM pg_sequence s JOIN pg_class r ON r.oid = s.seqrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE " + USER + " AND" + notExtension("r.oid")
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = r.oid AND d.deptype = 'i') ORDER BY r.oid"));
        before.addAll(createTables(c));
        // attached, not created as partitions: each keeps its own columns' defaults, identity and order
        before.addAll(strings(c, "SELECT format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I %s', pn.nspname, p.relname, n.nspname,"
                + " r.relname, pg_get_expr(r.relpartbound, r.oid)) FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " JOIN pg_inherits i ON i.inhrelid = r.oid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + " WHERE r.relispartition AND r.relkind IN ('r', 'p') AND " + USER + " AND" + notExtension("r.oid") + " ORDER BY r.oid"));
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
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('r', 'p') AND co.conislocal AND co.conparentid = 0"
                + " AND " + USER + " AND" + notExtension("r.oid")
                + " ORDER BY CASE co.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END, co.oid"));
        // "ON ONLY" would leave a partitioned table's index without its partitions' indexes
        after.addAll(strings(c, "SELECT replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ') FROM pg_index i"
                + " JOIN pg_class r ON r.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('r', 'm', 'p') AND NOT ix.relispartition"
                + " AND i.indisvalid AND " + USER + " AND" + notExtension("r.oid")
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x'))"
                + " ORDER BY i.indexrelid"));
        after.addAll(strings(c, "SELECT format('ALTER SEQUENCE %I.%I OWNED BY %I.%I.%I', n.nspname, s.relname, tn.nspname, t.relname, a.attname)"
                + " FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace"
                + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'a' AND " + USER + " ORDER BY s.oid"));
        after.addAll(strings(c, "SELECT pg_get_triggerdef(tg.oid) FROM pg_trigger tg JOIN pg_class r ON r.oid = tg.tgrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND " + USER
                + " ORDER BY tg.oid"));
        after.addAll(strings(c, "SELECT format('REFRESH MATERIALIZED VIEW %I.%I', n.nspname, r.relname) FROM pg_class r"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'm' AND r.relispopulated AND " + USER
                + " ORDER BY r.oid"));
        return new SchemaScript(before, after);
    }

    /**
     * Enum, domain, composite and range types and functions, in creation order (OIDs), so that each comes after
     * what it is made of: a domain over an enum, a range whose subtype_diff is a user function, a function over a domain.
     */
    private static String typesAndFunctionsQuery() {
        String userType = " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER + " AND" + notExtension("t.oid");
        return "SELECT ddl FROM (SELECT t.oid, format('CREATE TYPE %I.%I AS ENUM (%s)', n.nspname, t.typname,"
                + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) AS ddl"
                + userType + " AND t.typtype = 'e'"
                + " UNION ALL SELECT t.oid, format('CREATE DOMAIN %I.%I AS %s', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod))"
                + " || CASE WHEN t.typcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)"
                + " THEN ' COLLATE ' || (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
                + " JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) ELSE '' END"
                + " || coalesce(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END"
                + " || coalesce((SELECT string_agg(format(' CONSTRAINT %I %s', co.conname, pg_get_constraintdef(co.oid)), '' ORDER BY co.conname)"
                + " FROM pg_constraint co WHERE co.contypid = t.oid), '')" + userType + " AND t.typtype = 'd'"
                + " UNION ALL SELECT t.oid, format('CREATE TYPE %I.%I AS (%s)', n.nspname, t.typname, (SELECT string_agg(format('%I %s',"
                + " a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum) FROM pg_attribute a"
                + " WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))" + userType
                + " AND t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c'"
                + " UNION ALL SELECT t.oid, format('CREATE TYPE %I.%I AS RANGE (subtype = %s, subtype_opclass = %s, multirange_type_name = %s%s%s)',"
                + " n.nspname, t.typname, format_type(g.rngsubtype, NULL),"
                + " (SELECT format('%I.%I', on2.nspname, oc.opcname) FROM pg_opclass oc JOIN pg_namespace on2 ON on2.oid = oc.opcnamespace"
                + " WHERE oc.oid = g.rngsubopc), (SELECT format('%I.%I', mn.nspname, m.typname) FROM pg_type m"
                + " JOIN pg_namespace mn ON mn.oid = m.typnamespace WHERE m.oid = g.rngmultitypid),"
                + " CASE WHEN g.rngcollation <> 0 THEN ', collation = ' || g.rngcollation::regcollation::text ELSE '' END,"
                + " CASE WHEN g.rngsubdiff <> 0 THEN ', subtype_diff = ' || g.rngsubdiff::regproc::text ELSE '' END)"
                + " FROM pg_range g JOIN pg_type t ON t.oid = g.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE " + USER + " AND" + notExtension("t.oid")
                + " UNION ALL SELECT p.oid, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.prokind IN ('f', 'p') AND " + USER + " AND" + notExtension("p.oid") + ") defined ORDER BY oid";
    }

    private static String notExtension(String oid) {
        return String.format(NOT_EXTENSION_MEMBER, oid);
    }

    private static String unsupportedObjectsQuery() {
        String userType = " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER + " AND" + notExtension("t.oid");
        String userRelation = " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER + " AND" + notExtension("r.oid");
        return "SELECT 'range type with a canonical function ' || format('%I.%I', n.nspname, t.typname)" + userType
                + " AND EXISTS (SELECT 1 FROM pg_range g WHERE g.rngtypid = t.oid AND g.rngcanonical <> 0)"
                + " UNION ALL SELECT 'base type ' || format('%I.%I', n.nspname, t.typname)" + userType
                + " AND t.typtype = 'b' AND t.typcategory <> 'A'"
                + " UNION ALL SELECT 'foreign table ' || format('%I.%I', n.nspname, r.relname)" + userRelation + " AND r.relkind = 'f'"
                + " UNION ALL SELECT 'inherited table ' || format('%I.%I', n.nspname, r.relname)" + userRelation
                + " AND NOT r.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = r.oid)"
                + " UNION ALL SELECT 'large objects (' || count(*) || ')' FROM pg_largeobject_metadata HAVING count(*) > 0"
                + " UNION ALL SELECT 'function over a table''s row type ' || format('%I.%I', n.nspname, p.proname) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER + " AND" + notExtension("p.oid")
                + " AND EXISTS (SELECT 1 FROM pg_type t JOIN pg_class r ON r.oid = t.typrelid WHERE r.relkind <> 'c'"
                + " AND (t.oid = p.prorettype OR t.oid = ANY (p.proargtypes::oid[]) OR t.oid = ANY (coalesce(p.proallargtypes, '{}'))))"
                + " UNION ALL SELECT 'row security on ' || format('%I.%I', n.nspname, r.relname)" + userRelation
                + " AND (r.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = r.oid))"
                + " UNION ALL SELECT 'rule ' || format('%I on %I.%I', w.rulename, n.nspname, r.relname) FROM pg_rewrite w"
                + " JOIN pg_class r ON r.oid = w.ev_class JOIN pg_namespace n ON n.oid = r.relnamespace WHERE w.rulename <> '_RETURN' AND " + USER
                + " UNION ALL SELECT 'aggregate ' || format('%I.%I', n.nspname, p.proname) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind IN ('a', 'w') AND " + USER + " AND" + notExtension("p.oid")
                + " ORDER BY 1";
    }

    private static List<String> createTables(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>(); // "CREATE TABLE s.t" -> its column definitions
        Map<String, String> partitionedBy = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT 'CREATE ' || CASE WHEN r.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END || 'TABLE '"
                        + " || format('%I.%I', n.nspname, r.relname),"
                        + " quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),"
                        + " a.attnotnull, " + ObjectInventoryReader.COLUMN_DEFAULT + ", a.attidentity, a.attgenerated,"
                        + " CASE WHEN a.attcollation <> ty.typcollation THEN (SELECT format('%I.%I', cn.nspname, co.collname)"
                        + " FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END,"
                        + " CASE WHEN r.relkind = 'p' THEN pg_get_partkeydef(r.oid) END"
                        + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                        + " LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped"
                        + " LEFT JOIN pg_type ty ON ty.oid = a.atttypid"
                        + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                        + " WHERE r.relkind IN ('r', 'p') AND " + USER + " AND" + notExtension("r.oid") + " ORDER BY r.oid, a.attnum")) {
            while (rs.next()) {
                String table = rs.getString(1);
                List<String> tableColumns = columns.computeIfAbsent(table, k -> new ArrayList<>());
                partitionedBy.put(table, rs.getString(9) == null ? "" : " PARTITION BY " + rs.getString(9));
                if (rs.getString(2) == null) {
                    continue; // a table without columns
                }
                StringBuilder column = new StringBuilder(rs.getString(2)).append(' ').append(rs.getString(3));
                if (rs.getString(8) != null) {
                    column.append(" COLLATE ").append(rs.getString(8));
                }
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
                tableColumns.add(column.toString());
            }
        }
        List<String> statements = new ArrayList<>();
        columns.forEach((table, cols) -> statements.add(table + " (" + String.join(", ", cols) + ")" + partitionedBy.get(table)));
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

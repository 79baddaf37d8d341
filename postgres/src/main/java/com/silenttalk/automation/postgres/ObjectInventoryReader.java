package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SequencePosition;
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
import java.util.TreeMap;

/**
 * Reads a database's {@link ObjectInventory} in the connection's snapshot: one catalog query per
 * kind of object (the schema takes four: relations, columns, constraints, indexes), plus one
 * scan per materialized view to count it and one read of each large object to digest it.
 *
 * <p>Nothing physical goes in: no OID, no column number (a restore renumbers around dropped
 * columns), no column order (inherited columns move), no tablespace, owner or grant (restores
 * use --no-owner --no-acl --no-tablespaces). Column defaults are deparsed without a relation
 * context unless they refer to columns: with one, {@code pg_get_expr} costs time in proportion to
 * the table's width for every default, which made a 1600-column table take 10 s instead of
 * milliseconds.
 */
public final class ObjectInventoryReader {
    private static final String USER = CatalogInspector.USER_SCHEMAS;
    private static final String DIGEST_CHARS = "16";
    private static final int SEQUENCES_PER_QUERY = 500;
    /** A column's default or generation expression ({@code ad}: its pg_attrdef row), fast on wide tables (see above). */
    static final String COLUMN_DEFAULT = "CASE WHEN ad.adbin::text LIKE '%{VAR %' THEN pg_get_expr(ad.adbin, ad.adrelid)"
            + " ELSE pg_get_expr(ad.adbin, 0) END";

    private ObjectInventoryReader() {
    }

    /** Every kind. */
    public static ObjectInventory read(Connection c) throws SQLException {
        return read(c, sequences(c));
    }

    /**
     * Every kind, with sequence positions read earlier: a dumper reads them before its dump does, so the
     * restore must find each at or beyond them (sequences are not transactional, the dump reads them later).
     */
    public static ObjectInventory read(Connection c, Map<String, String> sequences) throws SQLException {
        Map<String, Map<String, String>> kinds = new LinkedHashMap<>();
        kinds.put(ObjectInventory.SCHEMA, schema(c));
        kinds.put(ObjectInventory.SEQUENCES, sequences);
        kinds.put(ObjectInventory.LARGE_OBJECTS, pairs(c, "SELECT oid::text, 'md5 ' || md5(d) || ', ' || octet_length(d) || ' bytes'"
                + " FROM (SELECT oid, lo_get(oid) AS d FROM pg_largeobject_metadata OFFSET 0) lo"));
        kinds.put(ObjectInventory.FUNCTIONS, pairs(c, "SELECT format('%I.%I(%s)', n.nspname, p.proname,"
                + " pg_get_function_identity_arguments(p.oid)), CASE WHEN p.prokind IN ('f', 'p') THEN md5(pg_get_functiondef(p.oid))"
                + " ELSE (SELECT md5(concat_ws(' ', a.aggkind, a.aggtransfn::regproc, a.aggfinalfn::regproc, a.aggcombinefn::regproc,"
                + " a.aggtranstype::regtype, a.agginitval, a.aggsortop::regoperator)) FROM pg_aggregate a WHERE a.aggfnoid = p.oid) END"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER + " AND" + notExtension("p.oid")));
        kinds.put(ObjectInventory.TYPES, types(c));
        kinds.put(ObjectInventory.TRIGGERS, pairs(c, "SELECT format('%I on %I.%I', t.tgname, n.nspname, r.relname),"
                + " left(md5(pg_get_triggerdef(t.oid)), " + DIGEST_CHARS + ") || ', ' || CASE t.tgenabled WHEN 'O' THEN 'enabled'"
                + " WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled on replicas' ELSE 'always enabled' END"
                + " FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE NOT t.tgisinternal AND " + USER + " AND" + notExtension("r.oid")));
        kinds.put(ObjectInventory.POLICIES, pairs(c, "SELECT format('%I on %I.%I', p.polname, n.nspname, r.relname),"
                + " 'for ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE'"
                + " ELSE 'ALL' END || ' to ' || CASE WHEN p.polroles = '{0}' THEN 'public' ELSE (SELECT string_agg(quote_ident(a.rolname),"
                + " ',' ORDER BY a.rolname) FROM pg_roles a WHERE a.oid = ANY (p.polroles)) END"
                + " || CASE WHEN p.polpermissive THEN ', permissive' ELSE ', restrictive' END || ', expressions '"
                + " || left(md5(concat_ws(' with check ', pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))), "
                + DIGEST_CHARS + ")"
                + " FROM pg_policy p JOIN pg_class r ON r.oid = p.polrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + USER
                + " UNION ALL SELECT format('row security on %I.%I', n.nspname, r.relname),"
                + " concat_ws(', ', CASE WHEN r.relrowsecurity THEN 'enabled' END, CASE WHEN r.relforcerowsecurity THEN 'forced' END)"
                + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE (r.relrowsecurity OR r.relforcerowsecurity) AND " + USER));
        kinds.put(ObjectInventory.EXTENSIONS, pairs(c, "SELECT extname, extversion FROM pg_extension"));
        kinds.put(ObjectInventory.VIEWS, pairs(c, "SELECT format('%I.%I', n.nspname, r.relname), left(md5(pg_get_viewdef(r.oid)"
                + " || coalesce(' with ' || array_to_string(r.reloptions, ','), '')), " + DIGEST_CHARS + ")"
                + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind = 'v' AND " + USER
                + " AND" + notExtension("r.oid")));
        kinds.put(ObjectInventory.MATERIALIZED_VIEWS, materializedViews(c));
        kinds.put(ObjectInventory.PARTITIONS, pairs(c, "SELECT format('%I.%I', n.nspname, r.relname), CASE WHEN r.relispartition"
                + " THEN (SELECT format('partition of %I.%I', pn.nspname, p.relname) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                + " JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = r.oid) ELSE 'partitioned table' END"
                + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE r.relkind IN ('r', 'p', 'f') AND (r.relkind = 'p' OR r.relispartition) AND " + USER + " AND" + notExtension("r.oid")));
        return new ObjectInventory(kinds);
    }

    /** Where every sequence stands now, as {@link SequencePosition} text. */
    public static Map<String, String> sequences(Connection c) throws SQLException {
        List<String[]> sequences = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, r.relname),"
                + " q.seqincrement FROM pg_sequence q JOIN pg_class r ON r.oid = q.seqrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE " + USER + " AND" + notExtension("r.oid") + " ORDER BY 1")) {
            while (rs.next()) {
                sequences.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        Map<String, String> positions = new TreeMap<>();
        // one round trip per few hundred sequences: each is a relation of its own, with no catalog view of is_called
        for (int from = 0; from < sequences.size(); from += SEQUENCES_PER_QUERY) {
            List<String[]> batch = sequences.subList(from, Math.min(sequences.size(), from + SEQUENCES_PER_QUERY));
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", last_value, is_called FROM ")
                        .append(batch.get(i)[0]);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
                while (rs.next()) {
                    String[] sequence = batch.get(rs.getInt(1));
                    positions.put(sequence[0], new SequencePosition(rs.getLong(2), Long.parseLong(sequence[1]), rs.getBoolean(3)).text());
                }
            }
        }
        return positions;
    }

    /** Tables (ordinary, partitioned, foreign) and sequences, each as a digest of its definition. */
    public static Map<String, String> schema(Connection c) throws SQLException {
        String relations = " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('r', 'p', 'f') AND "
                + USER + " AND" + notExtension("r.oid");
        Map<Long, String> names = new TreeMap<>();
        Map<Long, List<String>> parts = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT r.oid, CASE r.relkind WHEN 'p' THEN 'partitioned table '"
                + " WHEN 'f' THEN 'foreign table ' ELSE 'table ' END || format('%I.%I', n.nspname, r.relname),"
                + " concat_ws(' ', CASE r.relpersistence WHEN 'u' THEN 'unlogged' END,"
                + " CASE WHEN r.relkind = 'p' THEN 'partition by ' || pg_get_partkeydef(r.oid) END,"
                + " CASE WHEN r.relispartition THEN 'bound ' || pg_get_expr(r.relpartbound, 0) END,"
                + " (SELECT 'inherits ' || string_agg(format('%I.%I', pn.nspname, p.relname), ', ' ORDER BY pn.nspname, p.relname)"
                + " FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + " WHERE i.inhrelid = r.oid))" + relations)) {
            while (rs.next()) {
                names.put(rs.getLong(1), rs.getString(2));
                parts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add("relation " + rs.getString(3));
            }
        }
        addParts(c, parts, "SELECT a.attrelid, 'column ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                + " || CASE WHEN a.attcollation <> ty.typcollation THEN ' collate ' || (SELECT format('%I.%I', cn.nspname, co.collname)"
                + " FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) ELSE '' END"
                + " || CASE a.attidentity WHEN 'a' THEN ' generated always as identity' WHEN 'd' THEN ' generated by default as identity'"
                + " ELSE '' END || CASE WHEN ad.adbin IS NULL THEN '' WHEN a.attgenerated = 's' THEN ' generated always as ' ELSE ' default ' END"
                + " || coalesce(" + COLUMN_DEFAULT + ", '')"
                + " FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " JOIN pg_type ty ON ty.oid = a.atttypid LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p', 'f') AND " + USER + " AND" + notExtension("r.oid"));
        addParts(c, parts, "SELECT co.conrelid, 'constraint ' || quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid)"
                + " FROM pg_constraint co JOIN pg_class r ON r.oid = co.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE r.relkind IN ('r', 'p', 'f') AND " + USER + " AND" + notExtension("r.oid"));
        // invalid indexes (a failed CREATE INDEX CONCURRENTLY) are not dumped
        addParts(c, parts, "SELECT i.indrelid, 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i"
                + " JOIN pg_class r ON r.oid = i.indrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE i.indisvalid AND r.relkind IN ('r', 'p', 'f') AND " + USER + " AND" + notExtension("r.oid"));
        Map<String, String> objects = new TreeMap<>();
        names.forEach((oid, name) -> objects.put(name, digest(parts.get(oid))));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'sequence ' || format('%I.%I', n.nspname, r.relname),"
                + " concat_ws(' ', format_type(q.seqtypid, NULL), q.seqincrement, q.seqmin, q.seqmax, q.seqstart, q.seqcache,"
                + " CASE WHEN q.seqcycle THEN 'cycle' END, (SELECT 'owned by ' || format('%I.%I.%I', tn.nspname, t.relname, a.attname)"
                + " FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass"
                + " AND d.deptype IN ('a', 'i') LIMIT 1))"
                + " FROM pg_sequence q JOIN pg_class r ON r.oid = q.seqrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE " + USER + " AND" + notExtension("r.oid"))) {
            while (rs.next()) {
                objects.put(rs.getString(1), digest(List.of(rs.getString(2))));
            }
        }
        return objects;
    }

    private static Map<String, String> types(Connection c) throws SQLException {
        String userType = " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER + " AND" + notExtension("t.oid");
        return pairs(c, "SELECT format('enum %I.%I', n.nspname, t.typname), (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)"
                + " FROM pg_enum e WHERE e.enumtypid = t.oid)" + userType + " AND t.typtype = 'e'"
                + " UNION ALL SELECT format('domain %I.%I', n.nspname, t.typname), concat_ws(' ', format_type(t.typbasetype, t.typtypmod),"
                + " CASE WHEN t.typnotnull THEN 'not null' END, 'default ' || t.typdefault,"
                + " (SELECT string_agg(quote_ident(co.conname) || ' ' || pg_get_constraintdef(co.oid), ', ' ORDER BY co.conname)"
                + " FROM pg_constraint co WHERE co.contypid = t.oid))" + userType + " AND t.typtype = 'd'"
                + " UNION ALL SELECT format('composite %I.%I', n.nspname, t.typname), (SELECT string_agg(quote_ident(a.attname) || ' '"
                + " || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid"
                + " AND a.attnum > 0 AND NOT a.attisdropped)" + userType
                + " AND t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c'"
                + " UNION ALL SELECT format('range %I.%I', n.nspname, t.typname), concat_ws(', ', 'subtype ' || format_type(g.rngsubtype, NULL),"
                + " 'operator class ' || (SELECT format('%I.%I', on2.nspname, oc.opcname) FROM pg_opclass oc"
                + " JOIN pg_namespace on2 ON on2.oid = oc.opcnamespace WHERE oc.oid = g.rngsubopc),"
                + " 'collation ' || NULLIF(g.rngcollation, 0)::regcollation::text, 'canonical ' || NULLIF(g.rngcanonical, 0)::regproc::text,"
                + " 'subtype_diff ' || NULLIF(g.rngsubdiff, 0)::regproc::text, 'multirange ' || format_type(g.rngmultitypid, NULL))"
                + " FROM pg_range g JOIN pg_type t ON t.oid = g.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE " + USER
                + " AND" + notExtension("t.oid"));
    }

    private static Map<String, String> materializedViews(Connection c) throws SQLException {
        List<String[]> views = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, r.relname),"
                + " left(md5(pg_get_viewdef(r.oid) || coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid), '; '"
                + " ORDER BY pg_get_indexdef(i.indexrelid)) FROM pg_index i WHERE i.indrelid = r.oid), '')), " + DIGEST_CHARS + "),"
                + " r.relispopulated FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE r.relkind = 'm' AND " + USER + " AND" + notExtension("r.oid"))) {
            while (rs.next()) {
                views.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        Map<String, String> objects = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            for (String[] view : views) {
                String state = "not populated";
                if ("t".equals(view[2])) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + view[0])) {
                        rs.next();
                        state = "rows " + rs.getLong(1);
                    }
                }
                objects.put(view[0], "definition " + view[1] + ", " + state);
            }
        }
        return objects;
    }

    private static void addParts(Connection c, Map<Long, List<String>> parts, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> of = parts.get(rs.getLong(1));
                if (of != null) {
                    of.add(rs.getString(2));
                }
            }
        }
    }

    private static Map<String, String> pairs(Connection c, String sql) throws SQLException {
        Map<String, String> pairs = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                pairs.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
        }
        return pairs;
    }

    /** The first 16 hex digits of SHA-256 over the sorted lines: order-independent, as catalog order is not stable. */
    static String digest(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : sorted) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, Integer.parseInt(DIGEST_CHARS));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String notExtension(String oid) {
        return " NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = " + oid + " AND d.deptype = 'e')";
    }
}

package com.silenttalk.automation.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the connected role may not read but a full dump must: asked of the catalog before the
 * dump starts, so that a least-privilege backup role fails in one line naming the privilege it
 * lacks (not halfway through pg_dump), and never dumps or counts fewer rows than the table has.
 */
public final class BackupPrivileges {
    private static final int LISTED = 5;

    private BackupPrivileges() {
    }

    /** Empty when the role can dump everything; else one entry per missing privilege, e.g. {@code SELECT on table public.t}. */
    public static List<String> missing(Connection c) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) {
                return missing;
            }
        }
        collect(c, missing, "USAGE on schema ", "SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE "
                + CatalogInspector.USER_SCHEMAS + " AND NOT has_schema_privilege(n.oid, 'USAGE') ORDER BY 1");
        collect(c, missing, "SELECT on ", "SELECT CASE r.relkind WHEN 'S' THEN 'sequence ' ELSE 'table ' END"
                + " || format('%I.%I', n.nspname, r.relname) FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE r.relkind IN ('r', 'S') AND " + CatalogInspector.USER_SCHEMAS
                + " AND has_schema_privilege(n.oid, 'USAGE') AND NOT has_table_privilege(r.oid, 'SELECT')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = r.oid AND d.deptype = 'e') ORDER BY 1");
        // Without BYPASSRLS a dump would hold only the rows the policies show this role: pg_dump refuses, and so do we.
        collect(c, missing, "BYPASSRLS (row-level security is on for ", "SELECT format('%I.%I', n.nspname, r.relname) || ')'"
                + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.relkind IN ('r', 'p') AND "
                + CatalogInspector.USER_SCHEMAS + " AND r.relrowsecurity AND has_schema_privilege(n.oid, 'USAGE')"
                + " AND row_security_active(r.oid) ORDER BY 1");
        collect(c, missing, "SELECT on large object ", "SELECT m.oid::text FROM pg_largeobject_metadata m"
                + " WHERE NOT current_setting('lo_compat_privileges')::boolean AND NOT pg_has_role(m.lomowner, 'USAGE')"
                + " AND NOT EXISTS (SELECT 1 FROM aclexplode(m.lomacl) a WHERE a.privilege_type = 'SELECT'"
                + " AND (a.grantee = 0 OR pg_has_role(a.grantee, 'USAGE'))) ORDER BY m.oid");
        return missing;
    }

    /** One line: {@code role "backup" lacks SELECT on table public.t, BYPASSRLS (...) and 3 more}. */
    public static String describe(String role, List<String> missing) {
        List<String> shown = missing.subList(0, Math.min(LISTED, missing.size()));
        return "role \"" + role + "\" lacks " + String.join(", ", shown)
                + (missing.size() > LISTED ? " and " + (missing.size() - LISTED) + " more" : "");
    }

    private static void collect(Connection c, List<String> into, String prefix, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.add(prefix + rs.getString(1));
            }
        }
    }
}

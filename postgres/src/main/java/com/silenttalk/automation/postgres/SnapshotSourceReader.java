package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.RestoreScope;
import com.silenttalk.automation.core.backup.RoleDefinition;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.SourceTls;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a snapshot records about its source, read on the connection that takes it (inside its
 * transaction): which database of which server, how the connection is protected, and what a
 * logical restore of the dump needs from an empty server and will leave out.
 */
public final class SnapshotSourceReader {
    private SnapshotSourceReader() {
    }

    /** @param host the host and port the client connected to, as the operator named them */
    public static SourceIdentity identity(Connection c, String host, int port) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(),"
                     + " CASE WHEN has_function_privilege('pg_control_system()', 'EXECUTE')"
                     + " THEN (SELECT system_identifier::text FROM pg_control_system()) END,"
                     + " current_setting('server_version')")) {
            rs.next();
            return new SourceIdentity(host, port, rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    /** What the server says of this very connection; {@code verifying}: the client checked the certificate chain. */
    public static SourceTls tls(Connection c, String sslMode, boolean verifying) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return SourceTls.plaintext(sslMode);
            }
            return new SourceTls(true, rs.getString(2), rs.getString(3), sslMode, verifying);
        }
    }

    /**
     * The roles the database's objects name (owners, grantees, policies: pg_shdepend records them
     * all, except for the bootstrap superuser, looked up in policies by hand), the installed
     * extensions, and what a restore without tablespaces, grants and owners leaves out.
     */
    public static RestoreScope restoreScope(Connection c) throws SQLException {
        List<RoleDefinition> roles = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolinherit,"
                     + " r.rolreplication, r.rolbypassrls FROM pg_roles r WHERE r.rolname NOT LIKE 'pg\\_%' AND r.oid IN ("
                     + " SELECT d.refobjid FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass"
                     + " AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                     + " UNION SELECT 10 WHERE EXISTS (SELECT 1 FROM pg_policy WHERE 10 = ANY (polroles)))"
                     + " ORDER BY 1")) {
            while (rs.next()) {
                List<String> attributes = new ArrayList<>();
                addIf(attributes, rs.getBoolean(2), "SUPERUSER");
                addIf(attributes, rs.getBoolean(3), "CREATEDB");
                addIf(attributes, rs.getBoolean(4), "CREATEROLE");
                addIf(attributes, !rs.getBoolean(5), "NOINHERIT");
                addIf(attributes, rs.getBoolean(6), "REPLICATION");
                addIf(attributes, rs.getBoolean(7), "BYPASSRLS");
                roles.add(new RoleDefinition(rs.getString(1), attributes));
            }
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT extname, extversion FROM pg_extension")) {
            while (rs.next()) {
                extensions.put(rs.getString(1), rs.getString(2));
            }
        }
        return new RestoreScope(roles, extensions, leftOut(c));
    }

    private static List<String> leftOut(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.spcname, count(*), string_agg(format('%I.%I', n.nspname, r.relname), ', '"
                     + " ORDER BY n.nspname, r.relname) FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                     + " JOIN pg_tablespace t ON t.oid = r.reltablespace WHERE " + CatalogInspector.USER_SCHEMAS
                     + " GROUP BY t.spcname ORDER BY 1")) {
            while (rs.next()) {
                lines.add("tablespace " + rs.getString(1) + ": " + rs.getLong(2) + " relation(s) (" + abbreviate(rs.getString(3))
                        + ") restored into the default tablespace");
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace"
                     + " WHERE d.datname = current_database() AND t.spcname <> 'pg_default'")) {
            if (rs.next()) {
                lines.add("the database's default tablespace " + rs.getString(1) + " (restored into the default tablespace)");
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                     + " WHERE r.relacl IS NOT NULL AND " + CatalogInspector.USER_SCHEMAS + ")"
                     + " + (SELECT count(*) FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND " + CatalogInspector.USER_SCHEMAS
                     + " AND n.nspname <> 'public')"
                     + " + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                     + " WHERE p.proacl IS NOT NULL AND " + CatalogInspector.USER_SCHEMAS + ")"
                     + " + (SELECT count(*) FROM pg_largeobject_metadata WHERE lomacl IS NOT NULL)"
                     + " + (SELECT count(*) FROM pg_default_acl)")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                lines.add("grants: " + rs.getLong(1) + " object(s) carry privileges (restored without them)");
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(DISTINCT pg_get_userbyid(r.relowner)::text, ', ')"
                     + " FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE " + CatalogInspector.USER_SCHEMAS)) {
            if (rs.next() && rs.getString(1) != null) {
                lines.add("owners: relations owned by " + abbreviate(rs.getString(1))
                        + " (restored owned by the restoring superuser)");
            }
        }
        return lines;
    }

    private static void addIf(List<String> into, boolean condition, String attribute) {
        if (condition) {
            into.add(attribute);
        }
    }

    private static String abbreviate(String list) {
        return list.length() <= 200 ? list : list.substring(0, 200) + "...";
    }
}

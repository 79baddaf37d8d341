package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.RotationRejectedException;
import com.silenttalk.automation.core.rotation.CredentialTarget;
import com.silenttalk.automation.core.rotation.Login;
import com.silenttalk.automation.core.rotation.RoleProfile;
import com.silenttalk.automation.core.rotation.RoleTwinning;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.TargetUnreachableException;
import com.silenttalk.automation.core.UntrustedText;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL login role as a rotation target: opsctl's, the Lambda's (RDS, Aurora PostgreSQL) and
 * any other runner's, over JDBC. Passwords are set with the driver's
 * {@code alterUserPassword}: the SCRAM verifier is computed here, so the plain password never reaches
 * the server (nor its statement log), and no statement is logged by us. When the endpoint's sslmode
 * requires TLS, each session is checked to be encrypted.
 */
public final class PostgresRoleTarget implements CredentialTarget, RoleTwinning {
    private static final Set<String> TLS_MODES = Set.of("require", "verify-ca", "verify-full");
    private static final String RELKINDS = "('r','v','m','S','p','f')";

    /** Where the secret logs in: host, port, database, and the sslmode sessions must use. */
    public record Server(String host, int port, String database, String sslMode) {
    }

    private final Server server;

    /**
     * The role a secret logs in as, where the secret says: its {@code host}, and the attributes {@code port}
     * (default 5432) and {@code dbname} (default postgres), as Secrets Manager's and our Key Vault secrets hold them.
     */
    public static PostgresRoleTarget forSecret(Credential current, String sslMode) {
        String port = current.attributes().getOrDefault("port", "5432");
        if (!port.matches("[0-9]{1,5}")) {
            throw new RotationRejectedException("port", "must be a number");
        }
        return new PostgresRoleTarget(new Server(current.host(), Integer.parseInt(port),
                current.attributes().getOrDefault("dbname", "postgres"), sslMode));
    }

    public PostgresRoleTarget(Server server) {
        this.server = server;
    }

    @Override
    public String describe() {
        return "postgresql://" + server.host() + ":" + server.port() + "/" + server.database() + "?sslmode=" + server.sslMode();
    }

    @Override
    public Login tryLogin(Credential credential) {
        try (Connection c = connect(credential)) {
            return Login.ACCEPTED;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01") || state.equals("28000")) {
                return Login.REJECTED;
            }
            throw failure("log in as " + UntrustedText.quoted(credential.username()), e);
        }
    }

    @Override
    public void setPassword(Credential authenticateAs, String username, char[] newPassword, Optional<Credential> keep) {
        try (Connection c = connect(authenticateAs)) {
            c.unwrap(PGConnection.class).alterUserPassword(username, newPassword, "scram-sha-256");
        } catch (SQLException e) {
            throw failure("set the password of " + UntrustedText.quoted(username), e);
        }
    }

    @Override
    public void makeTwin(Credential admin, String source, String twin) {
        try (Connection c = connect(admin)) {
            c.setAutoCommit(false);
            if (roleOid(c, twin) == null) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + ident(c, twin) + " LOGIN");
                }
            }
            Map<String, String[]> want = privileges(c, source, twin);
            Map<String, String[]> have = privileges(c, twin, twin);
            try (Statement s = c.createStatement()) {
                for (var e : have.entrySet()) {
                    if (!want.containsKey(e.getKey()) && e.getValue()[1] != null) {
                        s.execute(e.getValue()[1]);
                    }
                }
                for (var e : want.entrySet()) {
                    if (!have.containsKey(e.getKey())) {
                        s.execute(e.getValue()[0]);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw failure("make " + UntrustedText.quoted(twin) + " a twin of " + UntrustedText.quoted(source), e);
        }
    }

    @Override
    public RoleProfile profile(Credential admin, String role) {
        try (Connection c = connect(admin)) {
            Set<String> entries = new java.util.TreeSet<>(privileges(c, role, role).keySet());
            Long oid = roleOid(c, role);
            if (oid != null) {
                query(c, "SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END, quote_ident(n.nspname)||'.'||quote_ident(c.relname) "
                        + "FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace WHERE c.relowner=? AND c.relkind IN " + RELKINDS
                        + " AND n.nspname NOT IN ('pg_catalog','information_schema')", oid,
                        r -> entries.add("owns:" + r.getString(1) + ":" + r.getString(2)));
                query(c, "SELECT quote_ident(nspname) FROM pg_namespace WHERE nspowner=? AND nspname NOT LIKE 'pg\\_%' AND nspname<>'information_schema'",
                        oid, r -> entries.add("owns:schema:" + r.getString(1)));
                query(c, "SELECT quote_ident(datname) FROM pg_database WHERE datdba=?", oid, r -> entries.add("owns:database:" + r.getString(1)));
            }
            return RoleProfile.of(role, entries);
        } catch (SQLException e) {
            throw failure("read the privileges of " + UntrustedText.quoted(role), e);
        }
    }

    /**
     * What {@code role} has, as normalised entries (its own name shown as {@code <self>}) mapped to the
     * GRANT and REVOKE that give or take the same thing to {@code grantTo}.
     */
    private Map<String, String[]> privileges(Connection c, String role, String grantTo) throws SQLException {
        Map<String, String[]> out = new LinkedHashMap<>();
        Long oid = roleOid(c, role);
        if (oid == null) {
            return out;
        }
        String to = ident(c, grantTo);
        // Role attributes: the GRANT sets the source's value; there is nothing to revoke, the other value is set instead.
        query(c, "SELECT rolinherit, rolcreatedb, rolcreaterole, rolbypassrls, rolconnlimit FROM pg_roles WHERE oid=?", oid, r -> {
            String[] flags = {r.getBoolean(1) ? "INHERIT" : "NOINHERIT", r.getBoolean(2) ? "CREATEDB" : "NOCREATEDB",
                    r.getBoolean(3) ? "CREATEROLE" : "NOCREATEROLE", r.getBoolean(4) ? "BYPASSRLS" : "NOBYPASSRLS",
                    "CONNECTION LIMIT " + r.getInt(5)};
            for (String flag : flags) {
                out.put("attribute:" + flag, new String[] {"ALTER ROLE " + to + " " + flag, null});
            }
        });
        // Per-role settings (search_path, statement_timeout...): a twin without them would behave differently.
        query(c, "SELECT d.datname IS NULL, quote_ident(d.datname), split_part(cfg, '=', 1), substr(cfg, strpos(cfg, '=') + 1) "
                + "FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid=s.setdatabase, unnest(s.setconfig) cfg WHERE s.setrole=?", oid,
                r -> {
                    String name = r.getString(3);
                    if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                        throw new SQLException("role setting " + UntrustedText.quoted(name) + " has a name this target does not copy");
                    }
                    String scope = r.getBoolean(1) ? "" : " IN DATABASE " + r.getString(2);
                    out.put("setting:" + (r.getBoolean(1) ? "*" : r.getString(2)) + ":" + name + "=" + r.getString(4), new String[] {
                            "ALTER ROLE " + to + scope + " SET " + name + " TO " + settingValue(name, r.getString(4)),
                            "ALTER ROLE " + to + scope + " RESET " + name});
                });
        query(c, "SELECT quote_ident(r.rolname) FROM pg_auth_members m JOIN pg_roles r ON r.oid=m.roleid WHERE m.member=?", oid,
                r -> out.put("member:" + r.getString(1), new String[] {"GRANT " + r.getString(1) + " TO " + to,
                        "REVOKE " + r.getString(1) + " FROM " + to}));
        query(c, "SELECT quote_ident(d.datname), a.privilege_type FROM pg_database d, LATERAL aclexplode(d.datacl) a "
                + "WHERE a.grantee=? AND d.datname=current_database()", oid,
                r -> out.put("grant:database:" + r.getString(1) + ":" + r.getString(2), new String[] {
                        "GRANT " + r.getString(2) + " ON DATABASE " + r.getString(1) + " TO " + to,
                        "REVOKE " + r.getString(2) + " ON DATABASE " + r.getString(1) + " FROM " + to}));
        query(c, "SELECT quote_ident(n.nspname), a.privilege_type FROM pg_namespace n, LATERAL aclexplode(n.nspacl) a WHERE a.grantee=?", oid,
                r -> out.put("grant:schema:" + r.getString(1) + ":" + r.getString(2), new String[] {
                        "GRANT " + r.getString(2) + " ON SCHEMA " + r.getString(1) + " TO " + to,
                        "REVOKE " + r.getString(2) + " ON SCHEMA " + r.getString(1) + " FROM " + to}));
        query(c, "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, quote_ident(n.nspname)||'.'||quote_ident(c.relname), a.privilege_type "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace, LATERAL aclexplode(c.relacl) a "
                + "WHERE a.grantee=? AND c.relkind IN " + RELKINDS, oid,
                r -> out.put("grant:" + r.getString(1).toLowerCase() + ":" + r.getString(2) + ":" + r.getString(3), new String[] {
                        "GRANT " + r.getString(3) + " ON " + r.getString(1) + " " + r.getString(2) + " TO " + to,
                        "REVOKE " + r.getString(3) + " ON " + r.getString(1) + " " + r.getString(2) + " FROM " + to}));
        // Default privileges the role's own new objects get ...
        query(c, "SELECT n.nspname IS NULL, quote_ident(n.nspname), d.defaclobjtype, CASE WHEN a.grantee=0 THEN 'PUBLIC' "
                + "WHEN a.grantee=d.defaclrole THEN NULL ELSE quote_ident(g.rolname) END, a.privilege_type "
                + "FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid=d.defaclnamespace, LATERAL aclexplode(d.defaclacl) a "
                + "LEFT JOIN pg_roles g ON g.oid=a.grantee WHERE d.defaclrole=?", oid,
                r -> {
                    String scope = r.getBoolean(1) ? "" : " IN SCHEMA " + r.getString(2);
                    String grantee = r.getString(4) == null ? to : r.getString(4);
                    String on = objectsOf(r.getString(3));
                    out.put("default:" + (r.getBoolean(1) ? "*" : r.getString(2)) + ":" + on + ":"
                                    + (r.getString(4) == null ? "<self>" : r.getString(4)) + ":" + r.getString(5),
                            new String[] {"ALTER DEFAULT PRIVILEGES FOR ROLE " + to + scope + " GRANT " + r.getString(5) + " ON " + on + " TO " + grantee,
                                    "ALTER DEFAULT PRIVILEGES FOR ROLE " + to + scope + " REVOKE " + r.getString(5) + " ON " + on + " FROM " + grantee});
                });
        // ... and default privileges other roles' new objects give it (the usual "owner grants to app" setup).
        query(c, "SELECT quote_ident(o.rolname), n.nspname IS NULL, quote_ident(n.nspname), d.defaclobjtype, a.privilege_type "
                + "FROM pg_default_acl d JOIN pg_roles o ON o.oid=d.defaclrole LEFT JOIN pg_namespace n ON n.oid=d.defaclnamespace, "
                + "LATERAL aclexplode(d.defaclacl) a WHERE a.grantee=? AND d.defaclrole<>a.grantee", oid,
                r -> {
                    String scope = r.getBoolean(2) ? "" : " IN SCHEMA " + r.getString(3);
                    String on = objectsOf(r.getString(4));
                    out.put("defaultgrant:" + r.getString(1) + ":" + (r.getBoolean(2) ? "*" : r.getString(3)) + ":" + on + ":" + r.getString(5),
                            new String[] {"ALTER DEFAULT PRIVILEGES FOR ROLE " + r.getString(1) + scope + " GRANT " + r.getString(5) + " ON " + on + " TO " + to,
                                    "ALTER DEFAULT PRIVILEGES FOR ROLE " + r.getString(1) + scope + " REVOKE " + r.getString(5) + " ON " + on + " FROM " + to});
                });
        return out;
    }

    /** As pg_dumpall writes it: list settings element by element, each a literal; others one literal. */
    private static String settingValue(String name, String value) {
        java.util.List<String> parts = java.util.Set.of("search_path", "temp_tablespaces", "session_preload_libraries",
                "local_preload_libraries").contains(name) ? java.util.Arrays.asList(value.split(",\\s*")) : java.util.List.of(value);
        return String.join(", ", parts.stream().map(p -> "'" + p.replace("'", "''") + "'").toList());
    }

    private static String objectsOf(String defaclobjtype) {
        return switch (defaclobjtype) {
            case "r" -> "TABLES";
            case "S" -> "SEQUENCES";
            case "f" -> "FUNCTIONS";
            case "T" -> "TYPES";
            case "n" -> "SCHEMAS";
            default -> throw new RotationFailedException("unknown default privilege object type " + UntrustedText.quoted(defaclobjtype));
        };
    }

    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void query(Connection c, String sql, long oid, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    row.accept(r);
                }
            }
        }
    }

    private static Long roleOid(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT oid FROM pg_roles WHERE rolname=?")) {
            ps.setString(1, role);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    private static String ident(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(?)")) {
            ps.setString(1, name);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private Connection connect(Credential login) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login.username());
        props.setProperty("password", new String(login.password()));
        props.setProperty("sslmode", server.sslMode());
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "secret-rotation");
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + server.database(), props);
        if (TLS_MODES.contains(server.sslMode())) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid=pg_backend_pid()")) {
                if (!r.next() || !r.getBoolean(1)) {
                    c.close();
                    throw new RotationFailedException(describe() + ": sslmode " + server.sslMode() + " but the session is not encrypted");
                }
            }
        }
        return c;
    }

    private RotationFailedException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // Server messages name users and objects, never passwords; statements are not included.
        String message = "cannot " + what + " on " + describe() + ": " + e.getMessage() + " (SQLSTATE " + state + ")";
        if (state.startsWith("08") || state.isEmpty() && e.getCause() instanceof java.io.IOException) {
            return new TargetUnreachableException(message, null);
        }
        return new RotationFailedException(message);
    }
}

package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One database with an application role set up the recommended way: objects owned by a NOLOGIN
 * owner role, the login role granted what it needs, and default privileges so new tables reach it.
 */
final class RotationDatabase {
    final ThrowawayCluster cluster;
    final String database;
    final String app;
    final String owner;

    RotationDatabase(ThrowawayCluster cluster, String prefix, char[] appPassword) throws SQLException {
        this.cluster = cluster;
        this.database = prefix + "_db";
        this.app = prefix + "_app";
        this.owner = prefix + "_owner";
        cluster.createDatabase(database);
        admin("CREATE ROLE " + owner + " NOLOGIN",
                "CREATE ROLE " + app + " LOGIN",
                "GRANT " + owner + " TO " + app);
        try (Connection c = cluster.endpoint(database).connect()) {
            c.unwrap(org.postgresql.PGConnection.class).alterUserPassword(app, appPassword.clone(), "scram-sha-256");
        }
        adminIn(database,
                "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + database + " TO " + app,
                "CREATE TABLE public.messages (id bigint primary key, body text)",
                "ALTER TABLE public.messages OWNER TO " + owner,
                "CREATE TABLE public.audit (id bigint)",
                "ALTER TABLE public.audit OWNER TO " + owner,
                "GRANT USAGE ON SCHEMA public TO " + app,
                "GRANT SELECT, INSERT ON public.messages TO " + app,
                "GRANT SELECT ON public.audit TO " + app,
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA public GRANT SELECT ON TABLES TO " + app,
                "INSERT INTO public.messages VALUES (1, 'hello')");
    }

    String targetUrl() {
        return "postgresql://127.0.0.1:" + cluster.handle().port() + "/" + database + "?sslmode=" + (cluster.handle().tls() ? "require" : "prefer");
    }

    String adminUrl() {
        return "postgresql://" + cluster.handle().superuser() + "@127.0.0.1:" + cluster.handle().port() + "/" + database;
    }

    String adminPassword() {
        return new String(ThrowawayCluster.readPassword(cluster.handle().passwordFile()));
    }

    /** Opens an application connection as {@code user}; the test keeps it open across the rotation. */
    Connection connectAs(String user, char[] password) throws SQLException {
        return new PgEndpoint("127.0.0.1", cluster.handle().port(), database, user, password, "prefer").connect();
    }

    boolean logsIn(String user, char[] password) {
        try (Connection c = connectAs(user, password); Statement s = c.createStatement()) {
            s.execute("SELECT count(*) FROM public.messages");
            return true;
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("unexpected failure for " + user + ": " + e.getSQLState(), e);
        }
    }

    void admin(String... statements) throws SQLException {
        adminIn("postgres", statements);
    }

    void adminIn(String db, String... statements) throws SQLException {
        try (Connection c = cluster.endpoint(db).connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}

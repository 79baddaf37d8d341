package com.silenttalk.automation.local.postgres;

import com.silenttalk.automation.core.InvalidFieldException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How to reach one PostgreSQL database. The password is held as a char array and never
 * printed: {@link #toString()} and every error message show the endpoint without it.
 *
 * @param sslMode libpq/JDBC sslmode: "prefer" takes TLS where the server offers it
 */
public record PgEndpoint(String host, int port, String database, String user, char[] password, String sslMode) {
    public PgEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("port", "must be 1-65535, got " + port);
        }
        sslMode = sslMode == null ? "prefer" : sslMode;
    }

    /**
     * Parses {@code postgresql://user[:password]@host[:port]/database[?sslmode=...]}. A password
     * in the URL is accepted but discouraged; {@code fallbackPassword} (from the environment) is used otherwise.
     */
    public static PgEndpoint parse(String field, String url, char[] fallbackPassword) {
        if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            throw new InvalidFieldException(field, "must be a postgresql://user@host:port/database URL");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "is not a valid URL (" + redactedMessage(e) + ")");
        }
        if (uri.getHost() == null) {
            throw new InvalidFieldException(field, "has no host");
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String user = "postgres";
        char[] password = fallbackPassword;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length == 2) {
                password = decode(parts[1]).toCharArray();
            }
        }
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
            }
        }
        String sslMode = query.getOrDefault("sslmode", "prefer");
        if (!java.util.Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full").contains(sslMode)) {
            throw new InvalidFieldException(field, "sslmode '" + sslMode + "' is not one of disable, allow, prefer, require, verify-ca, verify-full");
        }
        return new PgEndpoint(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), db, user, password, sslMode);
    }

    public PgEndpoint withDatabase(String otherDatabase) {
        return new PgEndpoint(host, port, otherDatabase, user, password, sslMode);
    }

    public PgEndpoint withSslMode(String mode) {
        return new PgEndpoint(host, port, database, user, password, mode);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", new String(password));
        }
        props.setProperty("sslmode", sslMode);
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "opsctl");
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /** Environment for libpq programs (pg_dump, pg_restore): the password never reaches argv. */
    public Map<String, String> libpqEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGUSER", user);
        env.put("PGDATABASE", database);
        env.put("PGSSLMODE", sslMode);
        env.put("PGCONNECT_TIMEOUT", "10");
        if (password != null) {
            env.put("PGPASSWORD", new String(password));
        }
        return env;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgEndpoint e && e.toString().equals(toString()) && e.sslMode.equals(sslMode);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String redactedMessage(IllegalArgumentException e) {
        // URI errors quote the input, which may hold a password.
        String m = e.getMessage();
        int at = m == null ? -1 : m.indexOf(':');
        return at < 0 ? "malformed" : m.substring(0, at);
    }
}

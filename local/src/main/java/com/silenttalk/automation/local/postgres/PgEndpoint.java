package com.silenttalk.automation.local.postgres;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How to reach one PostgreSQL database. The password is held as a char array and never
 * printed: {@link #toString()} and every error message show the endpoint without it.
 *
 * @param sslMode     libpq/JDBC sslmode: "prefer" takes TLS where the server offers it
 * @param sslRootCert the CA certificates the server's certificate must chain to (verify-ca, verify-full); null: the client's default
 * @param sslCert     the client certificate, for servers that ask for one; null: none
 * @param sslKey      the client certificate's key (PEM, as libpq reads it); null: none
 */
public record PgEndpoint(String host, int port, String database, String user, char[] password, String sslMode,
                         String sslRootCert, String sslCert, String sslKey) {
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public PgEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("port", "must be 1-65535, got " + port);
        }
        sslMode = sslMode == null ? "prefer" : sslMode;
    }

    public PgEndpoint(String host, int port, String database, String user, char[] password, String sslMode) {
        this(host, port, database, user, password, sslMode, null, null, null);
    }

    public static PgEndpoint parse(String field, String url, char[] fallbackPassword) {
        return parse(field, url, fallbackPassword, Map.of());
    }

    /**
     * Parses {@code postgresql://user[:password]@host[:port]/database[?sslmode=...&sslrootcert=...&sslcert=...&sslkey=...]}.
     * A password in the URL is accepted but discouraged; {@code fallbackPassword} (from the environment) is used otherwise.
     * TLS settings the URL leaves out come from {@code PGSSLMODE}, {@code PGSSLROOTCERT}, {@code PGSSLCERT} and
     * {@code PGSSLKEY} in {@code env}, as libpq would take them, so that JDBC and the tools connect alike.
     */
    public static PgEndpoint parse(String field, String url, char[] fallbackPassword, Map<String, String> env) {
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
        for (String key : query.keySet()) {
            if (!Set.of("sslmode", "sslrootcert", "sslcert", "sslkey").contains(key)) {
                throw new InvalidFieldException(field, "parameter " + UntrustedText.quoted(key) + " is not supported (sslmode, sslrootcert, sslcert, sslkey)");
            }
        }
        String sslMode = setting(query, "sslmode", env, "PGSSLMODE");
        sslMode = sslMode == null ? "prefer" : sslMode;
        if (!SSL_MODES.contains(sslMode)) {
            throw new InvalidFieldException(field, "sslmode " + UntrustedText.quoted(sslMode) + " is not one of disable, allow, prefer, require, verify-ca, verify-full");
        }
        String rootCert = file(field, "sslrootcert", setting(query, "sslrootcert", env, "PGSSLROOTCERT"));
        String cert = file(field, "sslcert", setting(query, "sslcert", env, "PGSSLCERT"));
        String key = file(field, "sslkey", setting(query, "sslkey", env, "PGSSLKEY"));
        if ((cert == null) != (key == null)) {
            throw new InvalidFieldException(field, "sslcert and sslkey go together: a client certificate needs its key");
        }
        return new PgEndpoint(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), db, user, password, sslMode,
                rootCert, cert, key);
    }

    private static String setting(Map<String, String> query, String parameter, Map<String, String> env, String variable) {
        String fromUrl = query.get(parameter);
        if (fromUrl != null && !fromUrl.isEmpty()) {
            return fromUrl;
        }
        String fromEnv = env.get(variable);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }

    /** A TLS file must be there now: a typo would otherwise surface as a handshake failure in the middle of a drill. */
    private static String file(String field, String parameter, String path) {
        if (path != null && !Files.isReadable(Path.of(path))) {
            throw new InvalidFieldException(field, parameter + " " + path + " is not a readable file");
        }
        return path;
    }

    public PgEndpoint withDatabase(String otherDatabase) {
        return new PgEndpoint(host, port, otherDatabase, user, password, sslMode, sslRootCert, sslCert, sslKey);
    }

    public PgEndpoint withSslMode(String mode) {
        return new PgEndpoint(host, port, database, user, password, mode, sslRootCert, sslCert, sslKey);
    }

    /** True when the client checks the server's certificate chain (and, with verify-full, its name). */
    public boolean verifiesServerCertificate() {
        return sslMode.equals("verify-ca") || sslMode.equals("verify-full");
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
        if (sslRootCert != null) {
            props.setProperty("sslrootcert", sslRootCert);
        }
        if (sslCert != null) {
            props.setProperty("sslcert", sslCert);
            props.setProperty("sslkey", ClientKeys.forJdbc(Path.of(sslKey)).toString());
        }
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
        if (sslRootCert != null) {
            env.put("PGSSLROOTCERT", sslRootCert);
        }
        if (sslCert != null) {
            env.put("PGSSLCERT", sslCert);
            env.put("PGSSLKEY", sslKey);
        }
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
        return o instanceof PgEndpoint e && e.toString().equals(toString()) && e.sslMode.equals(sslMode)
                && Objects.equals(e.sslRootCert, sslRootCert) && Objects.equals(e.sslCert, sslCert)
                && Objects.equals(e.sslKey, sslKey);
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

package com.silenttalk.automation.postgres.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The verification corpus: databases nobody on the team designed, built on a real PostgreSQL 15
 * by SQL the tests own ({@code corpus/*.sql} in this test-jar) and by {@code pgbench -i}. Every
 * runner's drill must pass on each of them after a real dump and restore, so each database
 * gathers the features a restore tends to lose or to renumber.
 *
 * <p>Built once per server and JVM: a database is built under a temporary name and renamed when
 * complete, so a failed build never leaves a half corpus behind, and a second call finds it.
 * Two cluster-wide objects come with it: the roles {@link #ROLES} (NOLOGIN) and the tablespace
 * {@link #TABLESPACE}.
 */
public final class Corpus {
    /** Roles the legacy database's policies and grants name. */
    public static final List<String> ROLES = List.of("app_reader", "app_writer");
    public static final String TABLESPACE = "corpus_space";
    public static final int PGBENCH_SCALE = 5;
    /** The legacy database's large objects, by OID; the last is readable by app_reader. */
    public static final List<Long> LARGE_OBJECTS = List.of(424201L, 424202L, 424203L, 424204L);

    /** One corpus database and what it holds. */
    public enum Database {
        /** {@code pgbench -i -s 5}: 500,000 accounts, the classic OLTP shape. */
        PGBENCH("corpus_pgbench", null),
        /** A chat platform: messages partitioned by month (range + default), domains, enums, composite and range
         *  types, identity and generated columns, citext/hstore/pg_trgm, triggers, a procedure, sequences (one
         *  descending), views, a materialized view, an unlogged and an empty table, a dropped column, quoted
         *  mixed-case and unicode names. */
        CHAT("corpus_chat", "chat.sql"),
        /** Dropped columns, inheritance with a column added to the parent later, RLS policies and grants naming
         *  {@link #ROLES}, a table in {@link #TABLESPACE}, large objects {@link #LARGE_OBJECTS}. */
        LEGACY("corpus_legacy", "legacy.sql"),
        /** A 1600-column table, every column with a default. */
        WIDE("corpus_wide", "wide.sql"),
        /** A 51 MB TOASTed text value. */
        TOAST("corpus_toast", "toast.sql");

        private final String databaseName;
        private final String script;

        Database(String databaseName, String script) {
            this.databaseName = databaseName;
            this.script = script;
        }

        public String databaseName() {
            return databaseName;
        }
    }

    /**
     * A superuser login to the server the corpus goes on.
     *
     * @param tablespaceDirectory an empty or absent directory the server's OS user may own (see {@link #tablespaceDirectory})
     */
    public record Server(String host, int port, String user, String password, Path tablespaceDirectory) {
        public String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        String key() {
            return host + ":" + port;
        }
    }

    private static final Map<String, Set<Database>> BUILT = new ConcurrentHashMap<>();

    private Corpus() {
    }

    /** Builds {@code databases} on the test server of {@link Postgres} (its tablespace lives in the server's directory). */
    public static void build(Postgres.Server pg, Set<Database> databases) {
        build(new Server("127.0.0.1", pg.port(), Postgres.USER, Postgres.PASSWORD, pg.dir().resolve("corpus-space")), databases);
    }

    /** Builds whichever of {@code databases} this JVM has not built on {@code server} yet. */
    public static synchronized void build(Server server, Set<Database> databases) {
        Set<Database> built = BUILT.computeIfAbsent(server.key(), k -> EnumSet.noneOf(Database.class));
        Set<Database> missing = EnumSet.noneOf(Database.class);
        missing.addAll(databases);
        missing.removeAll(built);
        if (missing.isEmpty()) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
             Statement s = admin.createStatement()) {
            for (String role : ROLES) {
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " NOLOGIN; END IF; END $$");
            }
            if (missing.contains(Database.LEGACY) && !exists(s, "SELECT 1 FROM pg_tablespace WHERE spcname = '" + TABLESPACE + "'")) {
                Path dir = tablespaceDirectory(server.tablespaceDirectory());
                s.execute("CREATE TABLESPACE " + TABLESPACE + " LOCATION '" + dir.toString().replace("'", "''") + "'");
            }
            for (Database database : missing) {
                if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + database.databaseName() + "'")) {
                    buildOne(server, s, database);
                }
                built.add(database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the corpus on " + server.key() + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (if needed) owned by the user PostgreSQL runs as: {@code postgres} when we are root. */
    public static Path tablespaceDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if ("root".equals(System.getProperty("user.name"))) {
                UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, pg);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the corpus tablespace directory " + dir, e);
        }
    }

    private static void buildOne(Server server, Statement admin, Database database) throws SQLException {
        String building = database.databaseName() + "_building";
        admin.execute("DROP DATABASE IF EXISTS " + building);
        admin.execute("CREATE DATABASE " + building + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        try {
            if (database == Database.PGBENCH) {
                pgbench(server, building);
            } else {
                try (Connection c = DriverManager.getConnection(server.url(building), server.user(), server.password());
                     Statement s = c.createStatement()) {
                    // the driver sends a script as one transaction: "-- commit" lines cut it into several
                    for (String part : script(database.script).split("\n-- commit[^\n]*\n")) {
                        s.execute(part);
                    }
                }
            }
            admin.execute("ALTER DATABASE " + building + " RENAME TO " + database.databaseName());
        } catch (SQLException | RuntimeException e) {
            admin.execute("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
            throw e;
        }
    }

    private static void pgbench(Server server, String database) {
        List<String> command = new ArrayList<>(List.of(Postgres.tool("pgbench").toString(), "-i", "-s",
                String.valueOf(PGBENCH_SCALE), "-q", "-h", server.host(), "-p", String.valueOf(server.port()), "-U",
                server.user(), database));
        try {
            Path log = Files.createTempFile("corpus-pgbench", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("PGPASSWORD", server.password());
                Process p = builder.start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("pgbench -i did not finish in 300 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("pgbench -i exited " + p.exitValue() + ": " + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pgbench", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pgbench -i ran", e);
        }
    }

    private static String script(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus script /corpus/" + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }
}

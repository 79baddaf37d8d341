package com.silenttalk.automation.postgres.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throwaway PostgreSQL 15 (the machine's binaries) on 127.0.0.1 for the drill's JDBC
 * checks, stopped and deleted when the test run ends. PostgreSQL refuses to run as root, so
 * as root it runs as the {@code postgres} user. Login: {@link #USER} / {@link #PASSWORD}.
 */
public final class Postgres implements BeforeAllCallback, ParameterResolver {
    public static final String USER = "drill_admin";
    public static final String PASSWORD = "pg-test-password-never-logged";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Postgres.class);

    /** A running server. */
    public record Server(int port, Path dir) implements ExtensionContext.Store.CloseableResource {
        public String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            run(List.of(bin("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 60, false);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    static Server server(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("postgres", k -> start(), Server.class);
    }

    private static Server start() {
        try {
            Path dir = Files.createTempDirectory("st-drill-pg");
            Path pwfile = dir.resolve("pw");
            Files.writeString(pwfile, PASSWORD + "\n");
            if (isRoot()) {
                UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, pg);
                Files.setOwner(pwfile, pg);
            }
            run(List.of(bin("initdb"), "-D", dir.resolve("data").toString(), "-U", USER, "--pwfile=" + pwfile,
                    "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"), 120, true);
            int port = freePort();
            run(List.of(bin("pg_ctl"), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w",
                    "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off", "start"), 120, true);
            return new Server(port, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a throwaway PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A PostgreSQL 15 program: {@code PG_BIN} if set, else Debian's directory. */
    public static Path tool(String name) {
        return Path.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"), name);
    }

    private static String bin(String tool) {
        return tool(tool).toString();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, long seconds, boolean mustSucceed) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in " + seconds + " s");
            }
            if (mustSucceed && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package com.silenttalk.automation.local.postgres;

import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PostgreSQL program. Server programs refuse to run as root, so when we are root
 * they run as the unprivileged {@code postgres} user. Passwords travel in the environment
 * or in files, never on the command line (where {@code ps} shows them).
 */
public final class PgTool {
    private static final String SERVER_USER = "postgres";

    private PgTool() {
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static String serverUser() {
        return runningAsRoot() ? SERVER_USER : System.getProperty("user.name");
    }

    /** Starts a program with the given environment additions; stderr is kept for error messages. */
    public static Process start(List<String> command, Map<String, String> env, boolean asServerUser) {
        ProcessBuilder pb = new ProcessBuilder(asServerUser(command, asServerUser));
        // libpq reads PGHOST, PGSSLMODE, PGSSLROOTCERT... from its environment: only the endpoint's may reach the
        // tool, or the source's settings would leak into a connection to the throwaway server.
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new EnvironmentException("cannot start " + Path.of(command.get(0)).getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a long-running program (a server) with nothing on its stdin and its stdout and stderr appended to
     * {@code log}; no environment additions. The caller owns the process: it waits for it, so it is reaped.
     */
    public static Process startLogged(List<String> command, boolean asServerUser, Path log) {
        ProcessBuilder pb = new ProcessBuilder(asServerUser(command, asServerUser));
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new EnvironmentException("cannot start " + Path.of(command.get(0)).getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> asServerUser(List<String> command, boolean asServerUser) {
        List<String> full = new ArrayList<>();
        if (asServerUser && runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        full.addAll(command);
        return full;
    }

    /** Runs to completion; a non-zero exit is an {@link EnvironmentException} quoting stderr's first error. */
    public static String run(List<String> command, Map<String, String> env, boolean asServerUser, Duration timeout) {
        return run(command, env, asServerUser, timeout, null);
    }

    /** The same, keeping the whole of stderr in {@code stderrLog} (when not null), failure or not. */
    public static String run(List<String> command, Map<String, String> env, boolean asServerUser, Duration timeout,
                             Path stderrLog) {
        Process p = start(command, env, asServerUser);
        try {
            p.getOutputStream().close();
            var stdout = drain(p.getInputStream());
            var stderr = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EnvironmentException(name(command) + " did not finish within " + timeout);
            }
            stdout.join();
            stderr.join();
            keep(stderr.text(), stderrLog);
            if (p.exitValue() != 0) {
                throw new EnvironmentException(name(command) + " exited " + p.exitValue() + ": " + firstError(stderr.text())
                        + (stderrLog == null ? "" : " (full stderr: " + stderrLog + ")"));
            }
            return stdout.text();
        } catch (IOException e) {
            throw new EnvironmentException(name(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new EnvironmentException(name(command) + " was interrupted", e);
        }
    }

    public static String name(List<String> command) {
        return Path.of(command.get(0)).getFileName().toString();
    }

    /**
     * The line that says why a tool failed: the first {@code ERROR:} the server sent, else the tool's
     * own first {@code error:}, else the last lines. The first, not the last: with parallel jobs the
     * last lines are often blank or "a worker process died unexpectedly".
     */
    public static String firstError(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.stream().filter(l -> l.contains("ERROR:")).findFirst()
                .or(() -> lines.stream().filter(l -> l.contains("error:") || l.contains("FATAL:")).findFirst())
                .map(l -> l.replaceAll("\\s{2,}", " "))
                .orElseGet(() -> tail(stderr));
    }

    /** Writes a tool's stderr where the report can point to it; 0600, as it may quote the data. */
    public static void keep(String stderr, Path log) {
        if (log == null) {
            return;
        }
        try {
            LocalFiles.createPrivateDirectories(log.getParent());
            Files.deleteIfExists(log);
            Files.createFile(log, LocalFiles.privateFile());
            Files.writeString(log, stderr);
        } catch (IOException e) {
            throw new EnvironmentException("cannot keep the tool's stderr in " + log + ": " + e.getMessage(), e);
        }
    }

    /** The last few lines of a tool's stderr: enough to say why, short enough for one line. */
    public static String tail(String stderr) {
        String[] lines = stderr.strip().split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
    }

    /** Reads a stream on its own thread so a chatty process never blocks on a full pipe. */
    public static Drain drain(InputStream in) {
        Drain d = new Drain(in);
        d.start();
        return d;
    }

    public static final class Drain extends Thread {
        private final InputStream in;
        private volatile String text = "";

        private Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(output unreadable: " + e.getMessage() + ")";
            }
        }

        public String text() {
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text;
        }
    }
}

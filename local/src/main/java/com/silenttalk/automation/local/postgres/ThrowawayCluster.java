package com.silenttalk.automation.local.postgres;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server that exists only for one job: initdb on a free loopback port,
 * a random superuser password in a 0600 file, TLS with a throwaway certificate when
 * openssl is present. Durability settings are off: nothing here outlives the job.
 */
public final class ThrowawayCluster implements AutoCloseable {
    /** Persisted beside the data directory so that a later process can find and remove a leftover. */
    public record Handle(String name, Path baseDir, int port, String superuser, Path passwordFile, boolean tls) {
        Path dataDir() {
            return baseDir.resolve("data");
        }
    }

    private static final Set<ThrowawayCluster> LIVE = ConcurrentHashMap.newKeySet();
    /** The postmasters this process started, by data directory: this process stops and reaps them. */
    private static final Map<Path, Process> POSTMASTERS = new ConcurrentHashMap<>();
    private static final String SUPERUSER = "opsctl";
    private static final Set<PosixFilePermission> SEARCHABLE = PosixFilePermissions.fromString("rwx--x--x");

    static {
        // The safety net for Ctrl-C and SIGTERM; SIGKILL leftovers are removed by the next run (see removeLeftover).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(ThrowawayCluster::close),
                "opsctl-cluster-teardown"));
    }

    private final PgBinaries binaries;
    private final Handle handle;

    private ThrowawayCluster(PgBinaries binaries, Handle handle) {
        this.binaries = binaries;
        this.handle = handle;
    }

    /** The default home of throwaway clusters: under the temp dir, which the server user can reach even when we are root. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "opsctl-" + System.getProperty("user.name"), "clusters");
    }

    public static ThrowawayCluster create(PgBinaries binaries, Path root, String name) {
        removeLeftover(binaries, root, name);
        Path base = prepareBaseDir(root, name);
        Path passwordFile = base.resolve("superuser.password");
        writeOwnedBy(passwordFile, randomPassword().getBytes(StandardCharsets.UTF_8));
        boolean tls = createCertificate(base);
        Handle handle = new Handle(name, base, 0, SUPERUSER, passwordFile, tls);
        PgTool.run(List.of(binaries.tool("initdb").toString(), "-D", handle.dataDir().toString(), "-U", SUPERUSER,
                        "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync",
                        "--no-instructions"),
                Map.of(), true, Duration.ofMinutes(2));
        EnvironmentException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Handle started = new Handle(name, base, freeLoopbackPort(), SUPERUSER, passwordFile, tls);
            LocalJson.writeAtomically(base.resolve("cluster.json"), started);
            ThrowawayCluster cluster = new ThrowawayCluster(binaries, started);
            try {
                cluster.start();
                LIVE.add(cluster);
                return cluster;
            } catch (EnvironmentException e) {
                last = e; // most likely the port was taken between probe and bind
            }
        }
        deleteTree(base);
        throw last;
    }

    /**
     * A cluster another process created, found by the {@code cluster.json} it keeps beside its data.
     * The caller does not own it: nothing tears it down when this process ends.
     *
     * @throws InvalidFieldException naming {@code field} when there is no such cluster under {@code root}
     */
    public static ThrowawayCluster attach(PgBinaries binaries, Path root, String name, String field) {
        Path json = root.resolve(name).resolve("cluster.json");
        if (!Files.isRegularFile(json)) {
            throw new InvalidFieldException(field, "no local cluster " + UntrustedText.quoted(name) + " under " + root);
        }
        try {
            return new ThrowawayCluster(binaries, LocalJson.MAPPER.readValue(json.toFile(), Handle.class));
        } catch (IOException e) {
            throw new InvalidFieldException(field, "cannot read " + json + ": " + e.getMessage());
        }
    }

    /**
     * A streaming standby of {@code primary}: a base backup with the standby configuration
     * written (-R), started on its own port.
     */
    public static ThrowawayCluster createStandby(PgBinaries binaries, Path root, String name, ThrowawayCluster primary) {
        return copyOf(binaries, root, name, primary, true);
    }

    /**
     * A read-only copy of {@code source} frozen where its base backup ended: started in standby mode with nothing to
     * follow (no primary_conninfo, no restore_command), so it takes no writes and replays nothing more.
     */
    public static ThrowawayCluster createFrozenCopy(PgBinaries binaries, Path root, String name, ThrowawayCluster source) {
        return copyOf(binaries, root, name, source, false);
    }

    private static ThrowawayCluster copyOf(PgBinaries binaries, Path root, String name, ThrowawayCluster primary, boolean follow) {
        removeLeftover(binaries, root, name);
        Path base = prepareBaseDir(root, name);
        Handle p = primary.handle();
        Path passwordFile = base.resolve("superuser.password");
        writeOwnedBy(passwordFile, new String(readPassword(p.passwordFile())).getBytes(StandardCharsets.UTF_8));
        boolean tls = createCertificate(base);
        ThrowawayCluster copy = new ThrowawayCluster(binaries, new Handle(name, base, freeLoopbackPort(), SUPERUSER,
                passwordFile, tls));
        copy.baseBackupFrom(primary, follow);
        if (!follow) {
            copy.fenceAsStandby();
        }
        LocalJson.writeAtomically(base.resolve("cluster.json"), copy.handle);
        copy.start();
        LIVE.add(copy);
        return copy;
    }

    private void baseBackupFrom(ThrowawayCluster source, boolean follow) {
        List<String> command = new java.util.ArrayList<>(List.of(binaries.tool("pg_basebackup").toString(), "-D",
                handle.dataDir().toString(), "-h", "127.0.0.1", "-p", Integer.toString(source.handle.port()), "-U",
                source.handle.superuser(), "-X", "stream", "-c", "fast", "--no-sync", "--no-password"));
        if (follow) {
            command.add("-R");
        }
        PgTool.run(command, Map.of("PGPASSWORD", new String(readPassword(source.handle.passwordFile())), "PGSSLMODE", "prefer"),
                true, Duration.ofMinutes(30));
    }

    /** Stops the server at once, as a crash would, and keeps its files. */
    public void stopImmediately() {
        if (stopOwnPostmaster(handle.dataDir())) {
            return;
        }
        if (isRunning()) {
            PgTool.run(List.of(binaries.tool("pg_ctl").toString(), "-D", handle.dataDir().toString(), "-m", "immediate", "-w",
                    "stop"), Map.of(), true, Duration.ofSeconds(60));
        }
    }

    /** Starts a stopped server again on its port. */
    public void restart() {
        if (!isRunning()) {
            start();
        }
    }

    public boolean isRunning() {
        return Files.exists(handle.dataDir().resolve("postmaster.pid"));
    }

    /** After a restart this server comes up read-only, in recovery: it can never again take writes as a primary. */
    public void fenceAsStandby() {
        try {
            Path signal = handle.dataDir().resolve("standby.signal");
            if (!Files.exists(signal)) {
                Files.createFile(signal);
                chownToServerUser(signal);
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot fence " + handle.name() + ": " + e.getMessage(), e);
        }
    }

    public void promote() {
        PgTool.run(List.of(binaries.tool("pg_ctl").toString(), "-D", handle.dataDir().toString(), "-w", "-t", "60", "promote"),
                Map.of(), true, Duration.ofSeconds(90));
    }

    /** Throws this server's data away and makes it a streaming standby of {@code primary}. */
    public void rebuildAsStandbyOf(ThrowawayCluster primary) {
        stopImmediately();
        deleteTree(handle.dataDir());
        baseBackupFrom(primary, true);
        start();
    }

    /** Finds a cluster left by an earlier, killed process and removes it. A no-op when there is none. */
    public static boolean removeLeftover(PgBinaries binaries, Path root, String name) {
        Path base = root.resolve(name);
        if (!Files.exists(base)) {
            return false;
        }
        Path data = base.resolve("data");
        if (!stopOwnPostmaster(data) && Files.exists(data.resolve("postmaster.pid"))) {
            try {
                PgTool.run(List.of(binaries.tool("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                        "stop"), Map.of(), true, Duration.ofSeconds(60));
            } catch (EnvironmentException e) {
                // Already dead with a stale pid file: the files are all that is left.
            }
        }
        deleteTree(base);
        return true;
    }

    public static void removeLeftover(Path root, String name) {
        removeLeftover(PgBinaries.locate(System.getenv()), root, name);
    }

    public Handle handle() {
        return handle;
    }

    public PgEndpoint endpoint(String database) {
        return new PgEndpoint("127.0.0.1", handle.port(), database, handle.superuser(), readPassword(handle.passwordFile()),
                "prefer");
    }

    public static char[] readPassword(Path passwordFile) {
        try {
            return Files.readString(passwordFile).strip().toCharArray();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read the throwaway cluster's password file " + passwordFile, e);
        }
    }

    /**
     * The server's own administration (a database, roles): plaintext, as the server listens on 127.0.0.1 only and
     * TLS would only encrypt between two processes of this machine, for a Java TLS handshake of ~0.1-0.3 CPU-s in a
     * fresh JVM. Whoever checks the server's TLS (a drill's verifier) uses {@link #endpoint}.
     */
    public PgEndpoint loopbackEndpoint(String database) {
        return endpoint(database).withSslMode("disable");
    }

    public void createDatabase(String database) {
        try (var c = loopbackEndpoint("postgres").connect(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        } catch (java.sql.SQLException e) {
            throw new EnvironmentException("cannot create database " + database + " on " + handle.name() + ": " + e.getMessage(), e);
        }
    }

    private void start() {
        List<String> command = new ArrayList<>(List.of(binaries.tool("postgres").toString(), "-D", handle.dataDir().toString(),
                "-p", Integer.toString(handle.port()),
                "-c", "listen_addresses=127.0.0.1",
                // TCP on loopback only: a socket path under a long temp dir can exceed the 107-byte limit.
                "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=30min",
                "-c", "maintenance_work_mem=256MB", "-c", "max_connections=30"));
        if (handle.tls()) {
            command.addAll(List.of("-c", "ssl=on", "-c", "ssl_cert_file=" + handle.baseDir().resolve("server.crt"),
                    "-c", "ssl_key_file=" + handle.baseDir().resolve("server.key")));
        }
        Path log = handle.baseDir().resolve("server.log");
        createLog(log);
        // Our own child, not pg_ctl's daemon: when it stops, this process reaps it, and no <defunct>
        // postmaster waits for pid 1 to do it.
        Process postmaster = PgTool.startLogged(command, true, log);
        POSTMASTERS.put(key(handle.dataDir()), postmaster);
        try {
            awaitReady(postmaster, Duration.ofSeconds(60));
        } catch (EnvironmentException e) {
            stopOwnPostmaster(handle.dataDir());
            throw new EnvironmentException(e.getMessage() + " | server log: " + logTail(log), e);
        }
    }

    /** As pg_ctl -w does: ready when the postmaster's pid file says "ready" (or "standby", a hot standby accepting reads). */
    private void awaitReady(Process postmaster, Duration limit) {
        Path pidFile = handle.dataDir().resolve("postmaster.pid");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                throw new EnvironmentException("the server of " + handle.name() + " exited " + postmaster.exitValue() + " while starting");
            }
            List<String> lines = pidFileLines(pidFile);
            if (lines.size() >= 8 && Set.of("ready", "standby").contains(lines.get(7).strip())) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EnvironmentException("the start of " + handle.name() + " was interrupted", e);
            }
        }
        throw new EnvironmentException("the server of " + handle.name() + " was not ready within " + limit);
    }

    private static Path key(Path dataDir) {
        return dataDir.toAbsolutePath().normalize();
    }

    private static List<String> pidFileLines(Path pidFile) {
        try {
            return Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // not written yet
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** The server's log, 0600 as pg_ctl made it: it may quote the data. Appended to by a restart. */
    private static void createLog(Path log) {
        try {
            if (!Files.exists(log)) {
                Files.createFile(log, LocalFiles.privateFile());
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot create the server log " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops a postmaster this process started, immediately (SIGQUIT, as pg_ctl stop -m immediate), and reaps it.
     * False when this process did not start the server in {@code dataDir} (another process's: pg_ctl stops it).
     */
    private static boolean stopOwnPostmaster(Path dataDir) {
        Process postmaster = POSTMASTERS.remove(key(dataDir));
        if (postmaster == null) {
            return false;
        }
        if (postmaster.isAlive()) {
            List<String> lines = pidFileLines(dataDir.resolve("postmaster.pid"));
            if (!lines.isEmpty()) {
                // the pid file's pid: under runuser (as root) the postmaster is our grandchild, runuser reaps it
                PgTool.run(List.of("kill", "-QUIT", lines.get(0).strip()), Map.of(), false, Duration.ofSeconds(30));
            } else {
                postmaster.destroy(); // still starting, no pid file yet: SIGTERM is a smart shutdown
            }
        }
        try {
            if (!postmaster.waitFor(60, TimeUnit.SECONDS)) {
                postmaster.destroyForcibly();
                postmaster.waitFor(10, TimeUnit.SECONDS);
                throw new EnvironmentException("the server in " + dataDir + " did not stop within 60 s: killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("the stop of the server in " + dataDir + " was interrupted", e);
        }
        return true;
    }

    private static String logTail(Path log) {
        try {
            return PgTool.tail(Files.readString(log));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server at once and deletes every file it had. Safe to call twice. */
    @Override
    public void close() {
        LIVE.remove(this);
        removeLeftover(binaries, handle.baseDir().getParent(), handle.name());
    }

    private static Path prepareBaseDir(Path root, String name) {
        try {
            // As root the server runs as another user, who must be able to walk down to its own directory:
            // the directories made here let it pass (not list); the ones that exist are never changed.
            if (PgTool.runningAsRoot()) {
                requireReachableByServerUser(root);
            }
            LocalFiles.createDirectories(root, PgTool.runningAsRoot() ? SEARCHABLE : LocalFiles.PRIVATE_DIRECTORY);
            Path base = root.resolve(name);
            Files.createDirectory(base);
            Files.setPosixFilePermissions(base, LocalFiles.PRIVATE_DIRECTORY);
            chownToServerUser(base);
            return base;
        } catch (IOException e) {
            throw new EnvironmentException("cannot prepare a directory for cluster " + name + " under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks the system, as the server user, whether it can reach the part of {@code root} that exists (what
     * opsctl creates below it, it makes passable); names the directory in its way if not.
     */
    private static void requireReachableByServerUser(Path root) throws IOException {
        Path existing = root.toAbsolutePath();
        while (!Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        try {
            PgTool.run(List.of("test", "-x", existing.toString()), Map.of(), true, Duration.ofSeconds(30));
        } catch (EnvironmentException e) {
            Path blocking = existing;
            for (Path p = existing; p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    blocking = p; // the topmost one wins: it is the first in the server user's way
                }
            }
            throw new EnvironmentException("the PostgreSQL server runs as " + UntrustedText.quoted(PgTool.serverUser()) + ", which cannot reach "
                    + root + " (" + blocking + " is mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(blocking))
                    + "); opsctl does not change directories it did not create: let it pass (chmod o+x " + blocking
                    + ") or set clustersDir to a directory it can reach", e);
        }
    }

    private static boolean createCertificate(Path base) {
        Path key = base.resolve("server.key");
        Path crt = base.resolve("server.crt");
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key.toString(), "-out", crt.toString(), "-days", "2", "-subj", "/CN=127.0.0.1")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return false;
            }
            Files.setPosixFilePermissions(key, LocalFiles.PRIVATE_FILE);
            chownToServerUser(key);
            chownToServerUser(crt);
            return true;
        } catch (IOException e) {
            return false; // no openssl: the server offers no TLS, and the drill's tls check says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void writeOwnedBy(Path file, byte[] content) {
        try {
            Files.createFile(file, LocalFiles.privateFile());
            Files.write(file, content);
            chownToServerUser(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chownToServerUser(Path path) throws IOException {
        if (PgTool.runningAsRoot()) {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(PgTool.serverUser());
            Files.setOwner(path, owner);
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EnvironmentException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        LocalFiles.deleteTree(dir);
    }
}

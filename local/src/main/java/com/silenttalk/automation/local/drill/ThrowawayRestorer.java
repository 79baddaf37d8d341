package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.RestoreScope;
import com.silenttalk.automation.core.backup.RoleDefinition;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseRestorer;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.backup.LocalRegion;
import com.silenttalk.automation.local.backup.HashingCopy;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.PgTool;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Restores an archive into a throwaway cluster with parallel pg_restore. The archive's
 * SHA-256 is checked on a second thread while pg_restore reads it; a mismatch fails the
 * restore as an integrity error, whatever pg_restore made of the bytes.
 */
public final class ThrowawayRestorer implements DatabaseRestorer {
    static final String DATABASE = "restored";

    private final PgBinaries binaries;
    private final Path clustersRoot;
    private final Map<String, LocalRegion> regions;
    private final int jobs;
    private final Duration timeout;
    private final Path logDir;
    private final Map<String, CompletableFuture<ThrowawayCluster>> early = new ConcurrentHashMap<>();

    /** @param logDir where pg_restore's stderr and the server's log are kept, named by the instance; null: nowhere */
    public ThrowawayRestorer(PgBinaries binaries, Path clustersRoot, List<? extends LocalRegion> regions, int jobs,
                             Duration timeout, Path logDir) {
        this.binaries = binaries;
        this.clustersRoot = clustersRoot;
        this.regions = regions.stream().collect(Collectors.toMap(LocalRegion::region, Function.identity()));
        this.jobs = jobs;
        this.timeout = timeout;
        this.logDir = logDir;
    }

    @Override
    public Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        LocalRegion region = regions.get(snapshot.region());
        if (region == null) {
            throw new IllegalStateException("region " + snapshot.region() + " is not configured");
        }
        // a bucket's archive is downloaded (and checked) beside the clusters first; teardown removes it
        Path archive = region.archiveFile(snapshot.id(), manifest, downloadDir(instanceName));
        long size = sizeOf(archive);
        if (size != manifest.sizeBytes()) {
            throw new BackupIntegrityException("archive " + snapshot.ref() + " is " + size + " bytes, the manifest says "
                    + manifest.sizeBytes() + " (truncated or overwritten)");
        }
        ThrowawayCluster cluster = server(instanceName);
        prepare(cluster, manifest.restoreScope() == null ? RestoreScope.NOTHING : manifest.restoreScope());
        PgEndpoint target = cluster.endpoint(DATABASE);
        CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> HashingCopy.hash(archive).sha256());
        EnvironmentException restoreError = null;
        try {
            // Tablespaces, owners and grants are the source server's, not the backup's content: left out, and
            // listed as such in the report (restore-scope), never skipped silently.
            PgTool.run(List.of(binaries.tool("pg_restore").toString(), "--jobs=" + jobs, "--no-owner", "--no-acl",
                    "--no-tablespaces", "--exit-on-error", "--no-password", "--dbname=" + DATABASE, archive.toString()),
                    loopbackPlaintext(target).libpqEnvironment(), false, timeout, log(instanceName, "pg_restore"));
        } catch (EnvironmentException e) {
            restoreError = e;
        }
        String actual = sha.join();
        if (!actual.equals(manifest.sha256())) {
            throw new BackupIntegrityException("archive " + snapshot.ref() + " has sha256 " + actual.substring(0, 12)
                    + ", the manifest says " + manifest.sha256().substring(0, 12) + " (corrupted)");
        }
        if (restoreError != null) {
            throw restoreError;
        }
        ThrowawayCluster.Handle h = cluster.handle();
        return Progress.ready(new RestoredInstance(instanceName, "127.0.0.1", h.port(), DATABASE,
                h.passwordFile().toString(), Map.of("user", h.superuser(), "dataDir", h.baseDir().toString(),
                "tls", Boolean.toString(h.tls()))));
    }

    /**
     * Starts the server a restore into {@code instanceName} will use on another thread, so that its initdb
     * and start overlap the dump and the copy instead of following them. {@link #restore} takes it;
     * {@link #tearDown} removes it if no restore did.
     */
    public void startEarly(String instanceName) {
        early.computeIfAbsent(instanceName, name -> CompletableFuture.supplyAsync(() -> newServer(name)));
    }

    /**
     * Waits until the early start of this instance's server (if any) has ended, whichever way: a restore
     * still takes it, and its failure is that restore's.
     */
    public void awaitEarly(String instanceName) {
        CompletableFuture<ThrowawayCluster> started = early.get(instanceName);
        if (started != null) {
            started.handle((cluster, failed) -> cluster).join();
        }
    }

    private ThrowawayCluster newServer(String instanceName) {
        ThrowawayCluster cluster = ThrowawayCluster.create(binaries, clustersRoot, instanceName);
        cluster.createDatabase(DATABASE);
        return cluster;
    }

    /** The server started early for this instance (its start's failure is this restore's), or one started now. */
    ThrowawayCluster server(String instanceName) {
        CompletableFuture<ThrowawayCluster> started = early.remove(instanceName);
        if (started == null) {
            return newServer(instanceName);
        }
        try {
            return started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * pg_restore's connection: the throwaway server listens on 127.0.0.1 only and the archive is already on this
     * machine, so TLS there would only encrypt the decompressed rows for this machine (0.7 CPU-seconds per
     * 600 MB measured, on top of what pg_restore and the server do); the verifier's own connection is the
     * one that checks TLS (the report's tls check).
     */
    static PgEndpoint loopbackPlaintext(PgEndpoint target) {
        if (!"127.0.0.1".equals(target.host())) {
            throw new IllegalStateException("a throwaway server listens on 127.0.0.1, not " + target.host());
        }
        return target.withSslMode("disable");
    }

    /**
     * What the restore needs before pg_restore runs: every extension the source had must be
     * installable here (else refused now, naming it), and the roles the dump names exist (NOLOGIN,
     * no password: policies naming them restore, nobody can log in as them).
     */
    private static void prepare(ThrowawayCluster cluster, RestoreScope scope) {
        try (Connection c = cluster.loopbackEndpoint("postgres").connect(); Statement s = c.createStatement()) {
            Set<String> available = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM pg_available_extensions")) {
                while (rs.next()) {
                    available.add(rs.getString(1));
                }
            }
            List<String> missing = scope.extensions().entrySet().stream().filter(e -> !available.contains(e.getKey()))
                    .map(e -> e.getKey() + " " + e.getValue()).toList();
            if (!missing.isEmpty()) {
                throw new EnvironmentException("the source uses extension(s) " + String.join(", ", missing)
                        + " that this machine's PostgreSQL does not have: install them to restore this snapshot here (nothing restored)");
            }
            Set<String> existing = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT rolname FROM pg_roles")) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
            for (RoleDefinition role : scope.roles()) {
                if (!existing.contains(role.name())) {
                    s.execute("CREATE ROLE " + quoteIdentifier(role.name()) + " NOLOGIN"
                            + role.attributes().stream().map(a -> " " + a).collect(Collectors.joining()));
                }
            }
        } catch (SQLException e) {
            throw new EnvironmentException("cannot prepare " + cluster.handle().name() + " for the restore: " + e.getMessage(), e);
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private Path log(String instanceName, String tool) {
        return logDir == null ? null : logDir.resolve(instanceName + "." + tool + ".log");
    }

    @Override
    public Progress<String> tearDown(String instanceName) {
        CompletableFuture<ThrowawayCluster> unused = early.remove(instanceName);
        if (unused != null) {
            // The drill failed before its restore: wait for the early start to end, whichever way, then remove what it made.
            unused.handle((cluster, failed) -> cluster).join();
        }
        keepServerLog(instanceName);
        ThrowawayCluster.removeLeftover(binaries, clustersRoot, instanceName);
        LocalFiles.deleteTree(downloadDir(instanceName));
        return Progress.ready(instanceName);
    }

    /** The server's own log says what pg_restore's error only hints at: kept before the cluster goes. */
    private void keepServerLog(String instanceName) {
        Path serverLog = clustersRoot.resolve(instanceName).resolve("server.log");
        Path kept = log(instanceName, "server");
        if (kept == null || !Files.isReadable(serverLog)) {
            return;
        }
        try {
            PgTool.keep(Files.readString(serverLog), kept);
        } catch (IOException e) {
            throw new EnvironmentException("cannot keep the server log of " + instanceName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    private Path downloadDir(String instanceName) {
        return clustersRoot.resolve(instanceName + ".archive");
    }

    private static long sizeOf(Path archive) {
        try {
            return Files.size(archive);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupIntegrityException("archive " + archive + " is missing");
        } catch (IOException e) {
            throw new EnvironmentException("cannot stat " + archive + ": " + e.getMessage(), e);
        }
    }
}

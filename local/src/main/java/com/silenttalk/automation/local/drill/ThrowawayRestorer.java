package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.backup.BackupIntegrityException;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    public ThrowawayRestorer(PgBinaries binaries, Path clustersRoot, List<? extends LocalRegion> regions, int jobs,
                             Duration timeout) {
        this.binaries = binaries;
        this.clustersRoot = clustersRoot;
        this.regions = regions.stream().collect(Collectors.toMap(LocalRegion::region, Function.identity()));
        this.jobs = jobs;
        this.timeout = timeout;
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
        ThrowawayCluster cluster = ThrowawayCluster.create(binaries, clustersRoot, instanceName);
        cluster.createDatabase(DATABASE);
        PgEndpoint target = cluster.endpoint(DATABASE);
        CompletableFuture<String> sha = CompletableFuture.supplyAsync(() -> HashingCopy.hash(archive).sha256());
        EnvironmentException restoreError = null;
        try {
            PgTool.run(List.of(binaries.tool("pg_restore").toString(), "--jobs=" + jobs, "--no-owner", "--no-acl",
                    "--exit-on-error", "--no-password", "--dbname=" + DATABASE, archive.toString()),
                    target.libpqEnvironment(), false, timeout);
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

    @Override
    public Progress<String> tearDown(String instanceName) {
        ThrowawayCluster.removeLeftover(binaries, clustersRoot, instanceName);
        LocalFiles.deleteTree(downloadDir(instanceName));
        return Progress.ready(instanceName);
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

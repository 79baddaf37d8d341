package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupReplicator;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Copies an archive between directory regions, hashing it as it streams and comparing at
 * the destination before the copy is committed: a copy that does not match is never a replica.
 */
public final class DirectoryReplicator implements BackupReplicator {
    private final Map<String, DirectoryRegion> regions;

    public DirectoryReplicator(List<DirectoryRegion> regions) {
        this.regions = regions.stream().collect(Collectors.toMap(DirectoryRegion::region, Function.identity()));
    }

    @Override
    public Progress<Snapshot> replicate(Snapshot source, String targetRegion, Instant now) {
        DirectoryRegion from = region(source.region());
        DirectoryRegion to = region(targetRegion);
        var existing = to.find(source.id());
        if (existing.isPresent()) {
            return Progress.ready(existing.get());
        }
        SnapshotManifest manifest = from.manifest(source.id())
                .orElseThrow(() -> new BackupIntegrityException(source.ref() + " has no manifest"));
        Path dir = to.freshDirectory(source.id());
        Path tmp = dir.resolve("." + DirectoryRegion.ARCHIVE + ".partial");
        HashingCopy.Result copied = HashingCopy.copy(from.archive(source.id()), tmp);
        String sha = copied.sha256();
        long size = copied.bytes();
        if (!sha.equals(manifest.sha256()) || size != manifest.sizeBytes()) {
            deleteQuietly(tmp);
            throw new BackupIntegrityException("copy of " + source.ref() + " to " + targetRegion + " does not match its manifest: "
                    + size + " bytes with sha256 " + sha.substring(0, 12) + ", manifest says " + manifest.sizeBytes()
                    + " bytes with " + manifest.sha256().substring(0, 12));
        }
        try {
            Files.move(tmp, dir.resolve(DirectoryRegion.ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EnvironmentException("cannot commit the copy in " + dir + ": " + e.getMessage(), e);
        }
        return Progress.ready(to.commitCopy(source, manifest));
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    private DirectoryRegion region(String name) {
        DirectoryRegion region = regions.get(name);
        if (region == null) {
            throw new InvalidFieldException("region", "'" + name + "' is not configured (known: " + regions.keySet() + ")");
        }
        return region;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the partial file is ignored anyway: only snapshot.json makes a snapshot
        }
    }
}

package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupReplicator;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
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
 * Copies an archive from a directory region to another region, checked against its manifest before the copy is
 * committed: a copy that does not match is never a replica. Into a directory, the archive is hashed as it streams; into
 * a bucket, it is hashed first and uploaded with its SHA-256, which S3 checks on arrival.
 */
public final class RegionReplicator implements BackupReplicator {
    private final Map<String, LocalRegion> regions;

    public RegionReplicator(List<LocalRegion> regions) {
        this.regions = regions.stream().collect(Collectors.toMap(LocalRegion::region, Function.identity()));
    }

    @Override
    public Progress<Snapshot> replicate(Snapshot source, String targetRegion, Instant now) {
        if (!(region(source.region()) instanceof DirectoryRegion from)) {
            throw new InvalidFieldException("region", UntrustedText.quoted(source.region()) + " is a bucket: copies are made from the"
                    + " primary directory region");
        }
        LocalRegion target = region(targetRegion);
        var existing = target.find(source.id());
        if (existing.isPresent()) {
            return Progress.ready(existing.get());
        }
        SnapshotManifest manifest = from.manifest(source.id())
                .orElseThrow(() -> new BackupIntegrityException(source.ref() + " has no manifest"));
        if (target instanceof S3Region bucket) {
            checkAgainstManifest(source, manifest, HashingCopy.hash(from.archive(source.id())), targetRegion);
            return Progress.ready(bucket.commitCopy(source, manifest, from.archive(source.id())));
        }
        DirectoryRegion to = (DirectoryRegion) target;
        Path dir = to.freshDirectory(source.id());
        Path tmp = dir.resolve("." + DirectoryRegion.ARCHIVE + ".partial");
        HashingCopy.Result copied = HashingCopy.copy(from.archive(source.id()), tmp);
        try {
            checkAgainstManifest(source, manifest, copied, targetRegion);
        } catch (BackupIntegrityException e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            Files.move(tmp, dir.resolve(DirectoryRegion.ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EnvironmentException("cannot commit the copy in " + dir + ": " + e.getMessage(), e);
        }
        return Progress.ready(to.commitCopy(source, manifest));
    }

    /** Every copy is hashed on the way and committed only when it matches the manifest. */
    @Override
    public boolean checksCopiedBytes() {
        return true;
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    private static void checkAgainstManifest(Snapshot source, SnapshotManifest manifest, HashingCopy.Result copied,
                                             String targetRegion) {
        if (!copied.sha256().equals(manifest.sha256()) || copied.bytes() != manifest.sizeBytes()) {
            throw new BackupIntegrityException("copy of " + source.ref() + " to " + targetRegion + " does not match its manifest: "
                    + copied.bytes() + " bytes with sha256 " + copied.sha256().substring(0, 12) + ", manifest says "
                    + manifest.sizeBytes() + " bytes with " + manifest.sha256().substring(0, 12));
        }
    }

    private LocalRegion region(String name) {
        LocalRegion region = regions.get(name);
        if (region == null) {
            throw new InvalidFieldException("region", UntrustedText.quoted(name) + " is not configured (known: " + regions.keySet() + ")");
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

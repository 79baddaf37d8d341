package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupReplicator;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
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
        String sha = copyHashing(from.archive(source.id()), tmp);
        long size = size(tmp);
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

    /** Streams and hashes in one pass, then forces the data to disk. */
    static String copyHashing(Path from, Path to) {
        MessageDigest sha = PgDumper.sha256();
        try (InputStream in = Files.newInputStream(from);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupIntegrityException("archive " + from + " is missing");
        } catch (IOException e) {
            throw new EnvironmentException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** One read of a file, for checking an archive in place. */
    public static String sha256Of(Path file) {
        MessageDigest sha = PgDumper.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupIntegrityException("archive " + file + " is missing");
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new EnvironmentException("cannot stat " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the partial file is ignored anyway: only snapshot.json makes a snapshot
        }
    }
}

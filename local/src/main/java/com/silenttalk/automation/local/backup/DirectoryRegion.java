package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotNotFoundException;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A "region" that is a directory: one folder per snapshot holding the archive, its manifest,
 * its verification mark, and {@code snapshot.json}, which is written last and so marks the
 * snapshot complete. A folder without it is an interrupted write and is ignored.
 */
public final class DirectoryRegion implements LocalRegion {
    public static final String ARCHIVE = "dump.pgc";
    static final String MANIFEST = "manifest.json";
    static final String METADATA = "snapshot.json";
    static final String VERIFICATION = "verification.json";

    /** What snapshot.json holds. */
    record Metadata(String id, String database, Instant createdAt, boolean createdBySuite, SnapshotRef copiedFrom) {
    }

    record Verification(VerificationStatus status, Instant at) {
    }

    private final String name;
    private final Path root;
    private final SourceDatabase source;
    private final PgDumper dumper;

    /** A region that takes snapshots of {@code source}. */
    public DirectoryRegion(String name, Path root, SourceDatabase source, PgDumper dumper) {
        this.name = name;
        this.root = root;
        this.source = source;
        this.dumper = dumper;
    }

    /** A region that only receives copies. */
    public static DirectoryRegion replicaOnly(String name, Path root) {
        return new DirectoryRegion(name, root, null, null);
    }

    @Override
    public String region() {
        return name;
    }

    public Path root() {
        return root;
    }

    @Override
    public String where() {
        return root.toString();
    }

    public Path archive(SnapshotId id) {
        return root.resolve(id.value()).resolve(ARCHIVE);
    }

    @Override
    public Path archiveFile(SnapshotId id, SnapshotManifest manifest, Path scratch) {
        return archive(id);
    }

    @Override
    public Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        if (source != null && !source.label().equals(database)) {
            // the dump would be of source.label() whatever it is called: never file it under another database's name
            throw new InvalidFieldException("database", database + " is not served by region " + name + ", which snapshots "
                    + source.label() + " (" + source.field() + ")");
        }
        Optional<Snapshot> existing = find(id);
        if (existing.isPresent()) {
            if (source != null) {
                requireSnapshotOfSource(id);
            }
            return Progress.ready(existing.get());
        }
        if (dumper == null) {
            throw new IllegalStateException("region " + name + " holds copies only; snapshots are taken in the primary region");
        }
        Path dir = freshDirectory(id);
        SnapshotManifest manifest = dumper.dump(source.endpoint(), database, id, dir.resolve(ARCHIVE));
        LocalJson.writeRecordAtomically(dir.resolve(MANIFEST), manifest);
        Metadata metadata = new Metadata(id.value(), database.value(), manifest.consistentPoint(), true, null);
        LocalJson.writeAtomically(dir.resolve(METADATA), metadata);
        return Progress.ready(toSnapshot(metadata, VerificationStatus.UNVERIFIED));
    }

    /**
     * This window's snapshot is reused only if it is of the very database asked about: same
     * database, same server. Anything else is refused naming both (exit 2), nothing written.
     */
    public void requireSnapshotOfSource(SnapshotId id) {
        SnapshotManifest manifest = manifest(id).orElseThrow(() -> new InvalidFieldException(source.field(),
                "snapshot " + id + " in " + root + " has no manifest, so it cannot be shown to be of " + source.endpoint()));
        SourceIdentity.requireSnapshotOf(manifest, dumper.identify(source.endpoint()), source.field());
    }

    /** Stores a copy that has already been checked against its manifest. */
    Snapshot commitCopy(Snapshot source, SnapshotManifest manifest) {
        Path dir = root.resolve(source.id().value());
        LocalJson.writeRecordAtomically(dir.resolve(MANIFEST), manifest);
        Metadata metadata = new Metadata(source.id().value(), source.database().value(), source.createdAt(),
                source.createdBySuite(), source.ref());
        LocalJson.writeAtomically(dir.resolve(METADATA), metadata);
        return toSnapshot(metadata, VerificationStatus.UNVERIFIED);
    }

    Path freshDirectory(SnapshotId id) {
        Path dir = root.resolve(id.value());
        try {
            if (Files.exists(dir)) {
                deleteTree(dir); // an interrupted earlier attempt: no snapshot.json, so nothing of value
            }
            LocalFiles.createPrivateDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new EnvironmentException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Snapshot> find(SnapshotId id) {
        Path metadata = root.resolve(id.value()).resolve(METADATA);
        if (!Files.exists(metadata)) {
            return Optional.empty();
        }
        return Optional.of(toSnapshot(LocalJson.read(metadata, Metadata.class), verification(id)));
    }

    @Override
    public List<Snapshot> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Snapshot> snapshots = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.exists(dir.resolve(METADATA))) {
                    Metadata m = LocalJson.read(dir.resolve(METADATA), Metadata.class);
                    snapshots.add(toSnapshot(m, verification(new SnapshotId(m.id()))));
                }
            }
        } catch (IOException e) {
            throw new EnvironmentException("cannot list region " + name + " at " + root + ": " + e.getMessage(), e);
        }
        return snapshots;
    }

    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        Path file = root.resolve(id.value()).resolve(MANIFEST);
        return Files.exists(file) ? Optional.of(LocalJson.readRecord(file, SnapshotManifest.class)) : Optional.empty();
    }

    @Override
    public void delete(Snapshot snapshot) {
        requireSuitesOwn(snapshot);
        Path dir = root.resolve(snapshot.id().value());
        try {
            // Already gone is done (a retried prune); a folder without snapshot.json is a stopped delete, finished here.
            // The completeness marker goes first, so a crash mid-delete leaves an ignored folder, not a broken snapshot.
            Files.deleteIfExists(dir.resolve(METADATA));
            deleteTree(dir);
        } catch (IOException e) {
            throw new EnvironmentException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        if (!Files.exists(root.resolve(id.value()).resolve(METADATA))) {
            throw new SnapshotNotFoundException(id, "region " + name + " (" + root + ")", "mark " + status);
        }
        LocalJson.writeAtomically(root.resolve(id.value()).resolve(VERIFICATION), new Verification(status, at));
    }

    /** A directory has no retention lock: the user opsctl runs as can delete every copy in it. */
    @Override
    public CopyLock lockOf(Snapshot snapshot, Instant now) {
        return CopyLock.notImmutable("region " + name + " is a directory (" + root + "): no retention lock, opsctl's"
                + " own user can delete it");
    }

    @Override
    public List<String> requiredActions() {
        return List.of(); // local files: no cloud permissions
    }

    private VerificationStatus verification(SnapshotId id) {
        Path file = root.resolve(id.value()).resolve(VERIFICATION);
        return Files.exists(file) ? LocalJson.read(file, Verification.class).status() : VerificationStatus.UNVERIFIED;
    }

    private Snapshot toSnapshot(Metadata m, VerificationStatus status) {
        return new Snapshot(new SnapshotId(m.id()), new DatabaseId(m.database()), name, m.createdAt(), m.createdBySuite(),
                status, Optional.ofNullable(m.copiedFrom()));
    }

    private static void deleteTree(Path dir) {
        LocalFiles.deleteTree(dir);
    }
}

package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import java.nio.file.Path;
import java.util.Optional;

/** A region opsctl keeps snapshots in: a directory, or a prefix of an S3-compatible bucket. */
public sealed interface LocalRegion extends SnapshotStore permits DirectoryRegion, S3Region {
    Optional<Snapshot> find(SnapshotId id);

    /** Where the region lives, for messages: its directory or its s3:// prefix. */
    String where();

    /**
     * A local file holding the snapshot's archive, for pg_restore: the archive itself in a directory region; for a
     * bucket, a download into {@code scratch} checked against the manifest's size and SHA-256 (a mismatch is a
     * {@link com.silenttalk.automation.core.backup.BackupIntegrityException}). The caller removes {@code scratch}.
     */
    Path archiveFile(SnapshotId id, SnapshotManifest manifest, Path scratch);

    /**
     * Before a delete: the snapshot is in this region, named and claimed as the suite's, and what the region holds of
     * it (when anything) says the suite made it; the caller's claim alone never decides.
     */
    default void requireSuitesOwn(Snapshot snapshot) {
        if (!snapshot.region().equals(region())) {
            throw new IllegalArgumentException(snapshot.ref() + " is not in region " + region());
        }
        boolean claimed = snapshot.createdBySuite() && snapshot.id().value().startsWith(SnapshotWindow.SUITE_PREFIX);
        if (!claimed || find(snapshot.id()).filter(held -> !held.createdBySuite()).isPresent()) {
            throw new IllegalArgumentException("refusing to delete " + snapshot.ref() + ": the suite did not create it");
        }
    }
}

package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The snapshots of one region: RDS, a Flexible Server's backups, or a local directory. */
public interface SnapshotStore {
    String region();

    /**
     * Takes a snapshot with this id, or reports the one that already has it: a second
     * request for the same id never makes a second snapshot.
     */
    Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now);

    List<Snapshot> list();

    Optional<SnapshotManifest> manifest(SnapshotId id);

    /** Deletes one snapshot the suite created; callers only pass what a {@link RetentionPlan} allows. */
    void delete(Snapshot snapshot);

    void recordVerification(SnapshotId id, VerificationStatus status, Instant at);

    /**
     * Whether this copy can be deleted before a date, read back from the store itself (an object's retention, a
     * vault's lock), as of {@code now}. A store that has no way to tell says so rather than guess.
     */
    default CopyLock lockOf(Snapshot snapshot, Instant now) {
        return CopyLock.unknown("region " + region() + " does not report retention locks");
    }

    /** Cloud permissions this adapter uses; template tests hold IAM to this list. */
    List<String> requiredActions();
}

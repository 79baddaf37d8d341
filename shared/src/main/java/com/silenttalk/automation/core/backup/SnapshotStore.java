package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The snapshots of one region: RDS, a Flexible Server's backups, a vault's recovery points, a local directory or bucket.
 * Every adapter keeps the same answers where callers retry or an operator reads the outcome (SnapshotStoreContract in
 * shared's test-jar runs each adapter on them):
 * <ul>
 *   <li>a {@code take} of a database the store does not serve is bad input: an {@link
 *       com.silenttalk.automation.core.InvalidFieldException} on the field {@code database} naming it, nothing made
 *       (never a snapshot of some other database filed under that name);</li>
 *   <li>a {@code delete} of a snapshot that is no longer there is done, not a failure: a retried prune whose first
 *       attempt got through (or a snapshot someone already removed) must not fail the prune or page anyone;</li>
 *   <li>a {@code recordVerification} of a snapshot that is not there is a {@link SnapshotNotFoundException}: a mark
 *       that lands nowhere must fail the drill's report, never let it pass as if the backup were marked verified.</li>
 * </ul>
 */
public interface SnapshotStore {
    String region();

    /**
     * Takes a snapshot with this id, or reports the one that already has it: a second
     * request for the same id never makes a second snapshot. A database the store does not
     * serve is an {@link com.silenttalk.automation.core.InvalidFieldException} on {@code database}.
     */
    Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now);

    List<Snapshot> list();

    Optional<SnapshotManifest> manifest(SnapshotId id);

    /**
     * Deletes one snapshot the suite created; callers only pass what a {@link RetentionPlan} allows. What the store
     * holds decides, not what the caller claims: one the suite did not make is refused ("refusing to delete"). One
     * that is already gone is a success with nothing sent to delete (idempotent: retries of a prune are safe).
     */
    void delete(Snapshot snapshot);

    /**
     * Marks a snapshot with what a drill proved. One the store does not hold is a {@link SnapshotNotFoundException}
     * and nothing is written: the drill's report fails rather than pass on a mark that went nowhere.
     */
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

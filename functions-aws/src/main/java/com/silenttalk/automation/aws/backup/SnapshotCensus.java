package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an RDS snapshot is verified against. An RDS snapshot is taken at a storage-level point
 * that no SQL session can see, so the source is measured (and marked) just before the snapshot
 * is requested, and the measurement is kept at once as the manifest of the snapshot the window
 * names (the snapshot-census function runs before the snapshot-scheduler).
 */
public interface SnapshotCensus {
    /**
     * Writes a marker, measures the source database and keeps the manifest. Empty when it cannot: the
     * reason is logged as one ERROR line with the {@code SnapshotWithoutManifest} metric, and the snapshot
     * is still taken, because a backup matters more than its drill.
     */
    Optional<SnapshotManifest> measureAndKeep(DatabaseId database, SnapshotId id, Instant now);

    List<String> requiredActions();
}

package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a storage-level snapshot is verified against. Such a snapshot (RDS) is taken at a point
 * that no SQL session can see, so the source is measured (and marked) just before the snapshot
 * is requested, and the measurement is kept at once as the manifest of the snapshot the window
 * names ({@link TakeCensus} runs before {@link TakeSnapshots}).
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

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
 * is requested, and the measurement is kept as the snapshot's manifest once RDS accepts it.
 */
public interface SnapshotCensus {
    /**
     * Writes a marker and measures the source database. Empty when it cannot (the reason is
     * logged): the snapshot is still taken, because a backup matters more than its drill.
     */
    Optional<SnapshotManifest> measure(DatabaseId database, SnapshotId id, Instant now);

    /** Stores the manifest of a snapshot RDS has accepted. */
    void keep(SnapshotManifest manifest);

    List<String> requiredActions();

    SnapshotCensus NONE = new SnapshotCensus() {
        @Override
        public Optional<SnapshotManifest> measure(DatabaseId database, SnapshotId id, Instant now) {
            return Optional.empty();
        }

        @Override
        public void keep(SnapshotManifest manifest) {
            throw new IllegalStateException("no census: nothing to keep");
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    };
}

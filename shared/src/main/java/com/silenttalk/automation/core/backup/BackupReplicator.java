package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;

/** Copies a snapshot to a second region, checking its integrity at the destination. */
public interface BackupReplicator {
    /** Idempotent: asking again for a copy in flight or done reports its progress. */
    Progress<Snapshot> replicate(Snapshot source, String targetRegion, Instant now);

    List<String> requiredActions();

    /**
     * True when a copy is only committed after its bytes matched the manifest's SHA-256 (logical
     * dumps); false where the platform copies storage-level snapshots we cannot hash (RDS).
     */
    default boolean checksCopiedBytes() {
        return false;
    }
}

package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;

/** Copies a snapshot to a second region, checking its integrity at the destination. */
public interface BackupReplicator {
    /** Idempotent: asking again for a copy in flight or done reports its progress. */
    Progress<Snapshot> replicate(Snapshot source, String targetRegion, Instant now);

    List<String> requiredActions();
}

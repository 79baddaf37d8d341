package com.silenttalk.automation.core.backup;

import java.util.List;
import java.util.Map;

/** What to keep and what to delete, with the reason for each decision (shown by dry-runs and audited). */
public record RetentionPlan(List<Snapshot> keep, List<Snapshot> delete, Map<SnapshotRef, String> reasons) {
    public RetentionPlan {
        keep = List.copyOf(keep);
        delete = List.copyOf(delete);
        reasons = Map.copyOf(reasons);
    }

    public String reasonFor(Snapshot snapshot) {
        return reasons.get(snapshot.ref());
    }
}

package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The copier's work over {@link ReplicateSnapshot}: copies of the given sources to the DR region, each rendered as
 * the function reports it. Once RDS refuses a copy for concurrency, the rest wait for the next sweep rather than
 * hammer it now.
 */
final class CopySweep {
    private final BackupWiring backup;
    private final RdsCrossRegionCopier copier;

    CopySweep(BackupWiring backup, RdsCrossRegionCopier copier) {
        this.backup = backup;
        this.copier = copier;
    }

    BackupWiring backup() {
        return backup;
    }

    List<Map<String, Object>> copy(List<Snapshot> sources) {
        List<Map<String, Object>> copies = new ArrayList<>();
        ReplicateSnapshot replicate = new ReplicateSnapshot(copier, backup.ledger(), backup.clock());
        boolean limitReached = false;
        for (Snapshot source : sources) {
            if (limitReached) {
                copies.add(Map.of("source", source.ref().toString(), "status", "queued for the next sweep"));
                continue;
            }
            for (ReplicateSnapshot.Result r : replicate.execute(source, backup.policy())) {
                Map<String, Object> copy = new LinkedHashMap<>();
                copy.put("source", r.source().toString());
                copy.put("target", r.target());
                copy.put("status", r.progress() instanceof Progress.Pending<Snapshot> p ? "pending: " + p.status() : "copied");
                copies.add(copy);
                limitReached |= r.progress() instanceof Progress.Pending<Snapshot> p
                        && p.status().startsWith(RdsCrossRegionCopier.COPY_LIMIT_STATUS);
            }
        }
        return copies;
    }

    /** Suite snapshots of the source region within retention that have no copy in the DR region. */
    List<Snapshot> missing(Instant now) {
        Instant horizon = now.minus(backup.policy().retention());
        Set<SnapshotId> copied = backup.dr().list().stream().map(Snapshot::id).collect(Collectors.toSet());
        return backup.primary().list().stream()
                .filter(s -> s.createdBySuite() && !s.isCopy() && s.createdAt().isAfter(horizon) && !copied.contains(s.id()))
                .toList();
    }

    PlannedCall plannedCopy(Snapshot source) {
        return copier.plannedCopy(source);
    }

    List<PlannedCall> plannedListings() {
        return backup.plannedListings();
    }

    List<String> requiredActions() {
        List<String> actions = new ArrayList<>(copier.requiredActions());
        actions.addAll(backup.primary().requiredActions().stream().filter(a -> a.startsWith("rds:Describe")).toList());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }
}

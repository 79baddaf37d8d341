package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deletes what the {@link RetentionPlanner} proves safe, across all regions at once so
 * that copies are judged with their sources. A dry-run returns the plan and deletes nothing.
 */
public final class PruneSnapshots {
    public record Result(RetentionPlan plan, boolean dryRun, List<Snapshot> deleted, Map<SnapshotRef, String> failures) {
    }

    private final List<SnapshotStore> stores;
    private final RunLedger ledger;
    private final Clock clock;

    public PruneSnapshots(List<SnapshotStore> stores, RunLedger ledger, Clock clock) {
        this.stores = List.copyOf(stores);
        this.ledger = ledger;
        this.clock = clock;
    }

    public Result execute(BackupPolicy policy, boolean dryRun) {
        Instant now = clock.instant();
        List<Snapshot> all = new ArrayList<>();
        for (SnapshotStore store : stores) {
            all.addAll(store.list());
        }
        RetentionPlan plan = RetentionPlanner.plan(policy, all, now);
        if (dryRun) {
            return new Result(plan, true, List.of(), Map.of());
        }
        RunKey key = new RunKey("prune/" + now);
        ledger.claim(AuditRecord.started(key, "prune", now));
        Map<String, SnapshotStore> byRegion = stores.stream()
                .collect(Collectors.toMap(SnapshotStore::region, Function.identity()));
        List<Snapshot> deleted = new ArrayList<>();
        Map<SnapshotRef, String> failures = new LinkedHashMap<>();
        for (Snapshot s : plan.delete()) {
            try {
                byRegion.get(s.region()).delete(s);
                deleted.add(s);
            } catch (RuntimeException e) {
                // One stuck snapshot must not stop the rest; it is reported and retried next run.
                failures.put(s.ref(), e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kept", Integer.toString(plan.keep().size()));
        details.put("deleted", deleted.stream().map(d -> d.ref().toString()).collect(Collectors.joining(",")));
        if (!failures.isEmpty()) {
            details.put("failures", failures.keySet().stream().map(SnapshotRef::toString).collect(Collectors.joining(",")));
        }
        ledger.update(AuditRecord.started(key, "prune", now)
                .finish(failures.isEmpty() ? Outcome.SUCCEEDED : Outcome.FAILED, clock.instant(), details));
        return new Result(plan, false, deleted, failures);
    }
}

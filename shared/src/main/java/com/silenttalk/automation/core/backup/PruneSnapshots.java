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
 * that copies are judged with their sources. A copy its store reports locked (Object Lock,
 * a locked vault) moves from delete to keep, "locked until <date>", and is never asked to be
 * deleted. A dry-run returns the plan and deletes nothing.
 */
public final class PruneSnapshots {
    /** @param locked the planned deletions that were kept because their store reports them locked past now */
    public record Result(RetentionPlan plan, boolean dryRun, List<Snapshot> deleted, Map<SnapshotRef, String> failures,
                         Map<SnapshotRef, CopyLock> locked) {
        public Result {
            locked = Map.copyOf(locked);
        }
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
        Map<String, SnapshotStore> byRegion = stores.stream()
                .collect(Collectors.toMap(SnapshotStore::region, Function.identity()));
        Map<SnapshotRef, CopyLock> locked = new LinkedHashMap<>();
        RetentionPlan plan = keepLocked(RetentionPlanner.plan(policy, all, now), byRegion, now, locked);
        if (dryRun) {
            return new Result(plan, true, List.of(), Map.of(), locked);
        }
        RunKey key = new RunKey("prune/" + now);
        ledger.claim(AuditRecord.started(key, "prune", now));
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
        if (!locked.isEmpty()) {
            details.put("locked", locked.keySet().stream().map(SnapshotRef::toString).collect(Collectors.joining(",")));
        }
        if (!failures.isEmpty()) {
            details.put("failures", failures.keySet().stream().map(SnapshotRef::toString).collect(Collectors.joining(",")));
        }
        ledger.update(AuditRecord.started(key, "prune", now)
                .finish(failures.isEmpty() ? Outcome.SUCCEEDED : Outcome.FAILED, clock.instant(), details));
        return new Result(plan, false, deleted, failures, locked);
    }

    /** Reads each planned deletion's lock back from its store; a locked copy is kept, with the date in its reason. */
    private static RetentionPlan keepLocked(RetentionPlan plan, Map<String, SnapshotStore> byRegion, Instant now,
                                            Map<SnapshotRef, CopyLock> locked) {
        List<Snapshot> keep = new ArrayList<>(plan.keep());
        List<Snapshot> delete = new ArrayList<>();
        Map<SnapshotRef, String> reasons = new LinkedHashMap<>(plan.reasons());
        for (Snapshot s : plan.delete()) {
            CopyLock lock = byRegion.get(s.region()).lockOf(s, now);
            if (lock.holdsAt(now)) {
                locked.put(s.ref(), lock);
                keep.add(s);
                reasons.put(s.ref(), "locked until " + lock.retainUntil() + (lock.mode() == null ? "" : " (" + lock.mode() + ")")
                        + ", past retention: " + plan.reasonFor(s));
            } else {
                delete.add(s);
            }
        }
        return new RetentionPlan(keep, delete, reasons);
    }
}

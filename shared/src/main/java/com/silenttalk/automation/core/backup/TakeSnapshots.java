package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The six-hourly trigger: one snapshot per database per window, however often the trigger fires. A store with a
 * quota is asked for its headroom first: when full, what the policy allows is pruned (once per trigger), and a
 * database whose store is still full is skipped, its skip recorded under the snapshot's own run key.
 */
public final class TakeSnapshots {
    public enum Status { TAKEN, ALREADY_TAKEN, PENDING }

    public record Result(DatabaseId database, SnapshotId snapshotId, Status status) {
    }

    /** A database not snapshotted this window because its store is full, and why. */
    public record Skipped(DatabaseId database, String reason) {
    }

    /**
     * @param pruned true when a full store made this trigger prune
     */
    public record Outcomes(List<Result> results, List<Skipped> skipped, boolean pruned) {
        public Outcomes {
            results = List.copyOf(results);
            skipped = List.copyOf(skipped);
        }
    }

    private final SnapshotStore store;
    private final SnapshotHeadroom headroom;
    private final PruneSnapshots pruner;
    private final RunLedger ledger;
    private final Clock clock;

    /** A store without a quota. */
    public TakeSnapshots(SnapshotStore store, RunLedger ledger, Clock clock) {
        this(store, SnapshotHeadroom.UNLIMITED, new PruneSnapshots(List.of(store), ledger, clock), ledger, clock);
    }

    /** @param pruner what runs, with the trigger's policy, when the store is full */
    public TakeSnapshots(SnapshotStore store, SnapshotHeadroom headroom, PruneSnapshots pruner, RunLedger ledger, Clock clock) {
        this.store = store;
        this.headroom = headroom;
        this.pruner = pruner;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * For a window, within the store's quota: each database with no room left after pruning (at most once, with
     * {@code policy}) is skipped with a SKIPPED record; nothing unexpired is deleted to make room.
     */
    public Outcomes executeWithinQuota(List<DatabaseId> databases, SnapshotWindow window, BackupPolicy policy) {
        List<DatabaseId> ready = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        boolean pruned = false;
        for (DatabaseId database : databases) {
            if (headroom.headroom(database) < 1 && !pruned) {
                pruner.execute(policy, false);
                pruned = true;
            }
            if (headroom.headroom(database) < 1) {
                skipped.add(skip(database, window));
                continue;
            }
            ready.add(database);
        }
        return new Outcomes(execute(ready, window), skipped, pruned);
    }

    private Skipped skip(DatabaseId database, SnapshotWindow window) {
        Instant now = clock.instant();
        String why = headroom.quota() + " is full after pruning what the policy allows; nothing unexpired is deleted";
        RunKey key = new RunKey(window.runKeyFor("snapshot", database));
        ledger.claim(AuditRecord.started(key, "snapshot", now));
        ledger.update(AuditRecord.started(key, "snapshot", now).finish(Outcome.SKIPPED, clock.instant(), Map.of("reason", why)));
        return new Skipped(database, why);
    }

    public List<Result> execute(List<DatabaseId> databases, BackupPolicy policy) {
        return execute(databases, SnapshotWindow.containing(clock.instant(), policy.interval()));
    }

    /**
     * For a given window: a trigger that carries its own time (a scheduled event's {@code time}) names the
     * snapshot for that window however late it runs, so it matches what was measured for it beforehand.
     */
    public List<Result> execute(List<DatabaseId> databases, SnapshotWindow window) {
        List<Result> results = new ArrayList<>();
        for (DatabaseId database : databases) {
            Instant now = clock.instant();
            SnapshotId id = window.snapshotIdFor(database);
            RunKey key = new RunKey(window.runKeyFor("snapshot", database));
            boolean first = ledger.claim(AuditRecord.started(key, "snapshot", now));
            if (!first && ledger.find(key).map(r -> r.outcome() == Outcome.SUCCEEDED).orElse(false)) {
                results.add(new Result(database, id, Status.ALREADY_TAKEN));
                continue;
            }
            // A claimed-but-unfinished run is retried: take() is idempotent by name.
            Progress<Snapshot> progress = store.take(database, id, now);
            if (progress instanceof Progress.Ready<Snapshot>) {
                ledger.update(AuditRecord.started(key, "snapshot", now)
                        .finish(Outcome.SUCCEEDED, clock.instant(), Map.of("snapshot", id.value(), "region", store.region())));
                results.add(new Result(database, id, first ? Status.TAKEN : Status.ALREADY_TAKEN));
            } else {
                results.add(new Result(database, id, Status.PENDING));
            }
        }
        return results;
    }
}

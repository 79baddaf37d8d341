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

/** The six-hourly trigger: one snapshot per database per window, however often the trigger fires. */
public final class TakeSnapshots {
    public enum Status { TAKEN, ALREADY_TAKEN, PENDING }

    public record Result(DatabaseId database, SnapshotId snapshotId, Status status) {
    }

    private final SnapshotStore store;
    private final RunLedger ledger;
    private final Clock clock;

    public TakeSnapshots(SnapshotStore store, RunLedger ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
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

package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The census of a snapshot window: each database measured once per window, claimed in the ledger, because a
 * second census would commit a second marker that the window's snapshot may not contain. A census that cannot
 * measure is recorded as FAILED and is never retried in that window; the snapshot is taken without a manifest.
 */
public final class TakeCensus {
    public enum Status { MEASURED, NOT_MEASURED, ALREADY_MEASURED }

    public record Result(DatabaseId database, SnapshotId snapshotId, Status status) {
    }

    private final SnapshotCensus census;
    private final RunLedger ledger;
    private final Clock clock;

    public TakeCensus(SnapshotCensus census, RunLedger ledger, Clock clock) {
        this.census = census;
        this.ledger = ledger;
        this.clock = clock;
    }

    public List<Result> execute(List<DatabaseId> databases, SnapshotWindow window) {
        List<Result> results = new ArrayList<>();
        for (DatabaseId database : databases) {
            SnapshotId id = window.snapshotIdFor(database);
            RunKey key = new RunKey(window.runKeyFor("census", database));
            Instant started = clock.instant();
            if (!ledger.claim(AuditRecord.started(key, "census", started))) {
                results.add(new Result(database, id, Status.ALREADY_MEASURED));
                continue;
            }
            Optional<SnapshotManifest> kept = census.measureAndKeep(database, id, started);
            ledger.update(AuditRecord.started(key, "census", started).finish(
                    kept.isPresent() ? Outcome.SUCCEEDED : Outcome.FAILED, clock.instant(),
                    kept.map(m -> Map.of("snapshot", id.value(), "marker", m.marker().id()))
                            .orElse(Map.of("snapshot", id.value(), "reason", "no manifest: see the ERROR line"))));
            results.add(new Result(database, id, kept.isPresent() ? Status.MEASURED : Status.NOT_MEASURED));
        }
        return results;
    }
}

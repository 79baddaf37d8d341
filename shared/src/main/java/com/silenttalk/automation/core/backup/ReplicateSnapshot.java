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

/** Copies one snapshot to each of the policy's copy targets; one audit record per copy. */
public final class ReplicateSnapshot {
    public record Result(SnapshotRef source, String target, Progress<Snapshot> progress) {
    }

    /** The copy record's {@code checksum} detail when the copied bytes matched the manifest. */
    public static final String CHECKSUM_VERIFIED = "verified";

    private final BackupReplicator replicator;
    private final RunLedger ledger;
    private final Clock clock;

    public ReplicateSnapshot(BackupReplicator replicator, RunLedger ledger, Clock clock) {
        this.replicator = replicator;
        this.ledger = ledger;
        this.clock = clock;
    }

    public List<Result> execute(Snapshot source, BackupPolicy policy) {
        List<Result> results = new ArrayList<>();
        for (String target : policy.copyTargets()) {
            Instant now = clock.instant();
            RunKey key = new RunKey("copy/" + source.ref() + "/" + target);
            ledger.claim(AuditRecord.started(key, "copy", now));
            Progress<Snapshot> progress = replicator.replicate(source, target, now);
            if (progress instanceof Progress.Ready<Snapshot>) {
                ledger.update(AuditRecord.started(key, "copy", now).finish(Outcome.SUCCEEDED, clock.instant(),
                        Map.of("source", source.ref().toString(), "target", target,
                                "checksum", replicator.checksCopiedBytes() ? CHECKSUM_VERIFIED : "not-checked")));
            }
            results.add(new Result(source.ref(), target, progress));
        }
        return results;
    }
}

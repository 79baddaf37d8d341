package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The scaling use case: read the current count, decide, apply, and audit the decision with its
 * reason. The time of the last change (for the cooldown) is kept in the ledger under
 * {@code scaling-last/<target>}. A second delivery of the same signal does nothing.
 * <p>
 * A dry-run decides and returns: it sets no count and writes no ledger record. It still reads
 * the current count unless the caller supplies it.
 */
public final class ScaleOnAlarm {
    public record Result(ScalingDecision decision, boolean dryRun, boolean applied, boolean duplicate) {
    }

    private final CapacityScaler scaler;
    private final ActiveOperations operations;
    private final RunLedger ledger;
    private final ScalingPolicy policy;
    private final Clock clock;

    public ScaleOnAlarm(CapacityScaler scaler, ActiveOperations operations, RunLedger ledger, ScalingPolicy policy, Clock clock) {
        this.scaler = Objects.requireNonNull(scaler, "scaler");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static RunKey lastChangeKey(ScalingTarget target) {
        return new RunKey("scaling-last/" + target);
    }

    public Result execute(ScalingTarget target, ScalingSignal signal, OptionalInt knownCurrent, boolean dryRun) {
        Instant now = clock.instant();
        int current = knownCurrent.isPresent() ? knownCurrent.getAsInt() : scaler.currentCount(target);
        Optional<Instant> lastChange = ledger.find(lastChangeKey(target))
                .map(r -> r.details().get("changedAt")).map(Instant::parse);
        ScalingDecision decision = ScalingDecider.decide(policy, current, signal, lastChange, operations.running(now), now);
        if (dryRun) {
            return new Result(decision, true, false, false);
        }
        RunKey key = new RunKey("scale/" + target + "/" + signal.id());
        AuditRecord started = AuditRecord.started(key, "scale", now);
        if (!ledger.claim(started)) {
            return new Result(decision, false, false, true);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("target", target.value());
        details.put("signal", signal.kind().name());
        details.put("direction", decision.direction().name());
        details.put("current", Integer.toString(decision.current()));
        details.put("desired", Integer.toString(decision.target()));
        details.put("reason", decision.reason());
        if (!decision.changes()) {
            ledger.update(started.finish(Outcome.SKIPPED, clock.instant(), details));
            return new Result(decision, false, false, false);
        }
        try {
            scaler.setDesiredCount(target, decision.target());
        } catch (RuntimeException e) {
            details.put("error", e.getClass().getSimpleName());
            ledger.update(started.finish(Outcome.FAILED, clock.instant(), details));
            throw e;
        }
        Instant changedAt = clock.instant();
        AuditRecord last = AuditRecord.started(lastChangeKey(target), "scaling-last", changedAt)
                .finish(Outcome.SUCCEEDED, changedAt, Map.of("changedAt", changedAt.toString(),
                        "count", Integer.toString(decision.target()), "by", key.value()));
        if (!ledger.claim(last)) {
            ledger.update(last);
        }
        ledger.update(started.finish(Outcome.SUCCEEDED, changedAt, details));
        return new Result(decision, false, true, false);
    }
}

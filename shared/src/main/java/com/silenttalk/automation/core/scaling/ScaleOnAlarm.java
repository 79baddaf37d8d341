package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.dryrun.PlannedCall;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The scaling use case: read the current count, decide, apply, and audit the decision with its
 * reason. The time of the last change (for the cooldown) is kept in the ledger under
 * {@code scaling-last/<target>}. A second delivery of the same signal does nothing.
 * <p>
 * A dry-run decides and returns the {@link ScalingPlan}: it sets no count and writes no ledger record. It still
 * reads the current count unless the caller supplies it. A real run makes the plan's calls and no other.
 */
public final class ScaleOnAlarm {
    /** The plan and what became of it: a dry-run's, or a duplicate signal's, was not carried out. */
    public record Result(ScalingPlan plan, boolean dryRun, boolean applied, boolean duplicate) {
        public Result {
            Objects.requireNonNull(plan, "plan");
        }

        public ScalingDecision decision() {
            return plan.decision();
        }
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

    /**
     * Decides, reading the current count unless {@code knownCurrent} holds it, and names the calls that carry the
     * decision out; changes nothing.
     */
    public ScalingPlan plan(ScalingTarget target, ScalingSignal signal, OptionalInt knownCurrent) {
        return plan(target, signal, knownCurrent, clock.instant());
    }

    private ScalingPlan plan(ScalingTarget target, ScalingSignal signal, OptionalInt knownCurrent, Instant now) {
        List<PlannedCall> calls = new ArrayList<>();
        if (knownCurrent.isEmpty()) {
            calls.add(ScalingPlan.readCount(target));
        }
        int current = knownCurrent.isPresent() ? knownCurrent.getAsInt() : scaler.currentCount(target);
        Optional<Instant> lastChange = ledger.find(lastChangeKey(target))
                .map(r -> r.details().get("changedAt")).map(Instant::parse);
        ScalingDecision decision = ScalingDecider.decide(policy, current, signal, lastChange, operations.running(now), now);
        if (decision.changes()) {
            calls.add(ScalingPlan.setDesiredCount(target, decision.target()));
        }
        return new ScalingPlan(target, signal, decision, calls);
    }

    /**
     * The plan, carried out unless {@code dryRun}: claimed once per signal (a second delivery makes no call past the
     * plan's read), applied, audited with its reason.
     */
    public Result execute(ScalingTarget target, ScalingSignal signal, OptionalInt knownCurrent, boolean dryRun) {
        Instant now = clock.instant();
        ScalingPlan plan = plan(target, signal, knownCurrent, now);
        ScalingDecision decision = plan.decision();
        if (dryRun) {
            return new Result(plan, true, false, false);
        }
        RunKey key = new RunKey("scale/" + target + "/" + signal.id());
        AuditRecord started = AuditRecord.started(key, "scale", now);
        if (!ledger.claim(started)) {
            return new Result(plan, false, false, true);
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
            return new Result(plan, false, false, false);
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
        return new Result(plan, false, true, false);
    }
}

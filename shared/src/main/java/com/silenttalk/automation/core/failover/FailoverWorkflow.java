package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.workflow.StepWorkflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * fence → promote → switch cache → switch traffic → verify writes → re-protect. A step that
 * fails or times out halts the chain in a recorded state (traffic never moves to a node that
 * is not writable); an operator then resumes or aborts it.
 */
public final class FailoverWorkflow implements StepWorkflow<FailoverState> {
    private final DatabaseFailover database;
    private final CacheSwitcher cache;
    private final TrafficRouter traffic;
    private final RunLedger ledger;
    private final Clock clock;
    private final Duration stepTimeout;

    public FailoverWorkflow(DatabaseFailover database, CacheSwitcher cache, TrafficRouter traffic, RunLedger ledger,
                            Clock clock, Duration stepTimeout) {
        this.database = database;
        this.cache = cache;
        this.traffic = traffic;
        this.ledger = ledger;
        this.clock = clock;
        this.stepTimeout = stepTimeout;
    }

    @Override
    public Advance<FailoverState> advance(FailoverState state, Instant now) {
        if (state.halted() || state.isDone()) {
            return Advance.done(state);
        }
        try {
            return switch (state.step()) {
                case FENCE -> fence(state);
                case PROMOTE -> awaitStep(state, now, database::promote, FailoverStep.SWITCH_CACHE, "promotion of " + state.plan().to());
                case SWITCH_CACHE -> awaitStep(state, now, cache::switchTo, FailoverStep.SWITCH_TRAFFIC, "cache switch");
                case SWITCH_TRAFFIC -> switchTraffic(state);
                case VERIFY_WRITES -> verifyWrites(state);
                case REPROTECT -> reprotect(state);
                case DONE -> Advance.done(state);
            };
        } catch (RuntimeException e) {
            // Halted and audited: the chain waits for an operator instead of guessing.
            FailoverState halted = state.halt(state.step().label() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            audit(halted, Outcome.FAILED);
            return Advance.done(halted);
        }
    }

    private Advance<FailoverState> fence(FailoverState state) {
        Progress<Long> fenced = database.fence(state.plan());
        if (fenced instanceof Progress.Pending<Long> p) {
            return Advance.continueAfter(state, p.checkAgainAfter());
        }
        long lost = ((Progress.Ready<Long>) fenced).value();
        return Advance.continueNow(state.withDataLoss(lost).next(FailoverStep.PROMOTE, clock.instant(),
                state.plan().from() + " fenced" + (lost >= 0 ? ", " + lost + " bytes not yet on " + state.plan().to() : "")));
    }

    /** A step the port finishes asynchronously: ask again as told until ready, halt once its deadline passed. */
    private Advance<FailoverState> awaitStep(FailoverState state, Instant now, Function<FailoverPlan, Progress<String>> step,
                                             FailoverStep then, String what) {
        FailoverState s = state.stepDeadline() == null ? state.withStepDeadline(now.plus(stepTimeout)) : state;
        Progress<String> progress = step.apply(s.plan());
        if (progress instanceof Progress.Pending<String> p) {
            if (!clock.instant().isBefore(s.stepDeadline())) {
                FailoverState halted = s.halt(what + " timed out after " + stepTimeout + " (" + p.status() + ")");
                audit(halted, Outcome.FAILED);
                return Advance.done(halted);
            }
            return Advance.continueAfter(s, p.checkAgainAfter());
        }
        return Advance.continueNow(s.next(then, clock.instant(), ((Progress.Ready<String>) progress).value()));
    }

    private Advance<FailoverState> switchTraffic(FailoverState state) {
        if (!database.isWritable(state.plan().to())) {
            FailoverState halted = state.halt("traffic not switched: " + state.plan().to() + " does not accept writes");
            audit(halted, Outcome.FAILED);
            return Advance.done(halted);
        }
        return Advance.continueNow(state.next(FailoverStep.VERIFY_WRITES, clock.instant(), traffic.switchTo(state.plan())));
    }

    private Advance<FailoverState> verifyWrites(FailoverState state) {
        database.verifyWrites(state.plan().to());
        Instant at = clock.instant();
        return Advance.continueNow(state.withWritableAt(at).next(FailoverStep.REPROTECT, at, "write and read-back on " + state.plan().to()));
    }

    private Advance<FailoverState> reprotect(FailoverState state) {
        Progress<String> done = database.reprotect(state.plan());
        if (done instanceof Progress.Pending<String> p) {
            return Advance.continueAfter(state, p.checkAgainAfter());
        }
        FailoverState finished = state.next(FailoverStep.DONE, clock.instant(), ((Progress.Ready<String>) done).value());
        audit(finished, Outcome.SUCCEEDED);
        FailoverHistory.recordCompleted(ledger, state.plan(), finished.writableAt() == null ? clock.instant() : finished.writableAt());
        return Advance.done(finished);
    }

    /** The one audit record of the run, rewritten at every stop with what happened so far. */
    public void audit(FailoverState state, Outcome outcome) {
        Map<String, String> details = new LinkedHashMap<>();
        FailoverPlan plan = state.plan();
        details.put("group", plan.group());
        details.put("from", plan.from());
        details.put("to", plan.to());
        details.put("planned", Boolean.toString(plan.planned()));
        details.put("allowDataLoss", Boolean.toString(plan.allowDataLoss()));
        details.put("step", state.step().label());
        if (state.rto() != null) {
            details.put("rtoMillis", Long.toString(state.rto().toMillis()));
        }
        details.put("dataLossBytes", Long.toString(state.dataLossBytes()));
        for (FailoverTiming t : state.timings()) {
            details.put("step." + t.step().label(), t.startedAt() + ".." + t.finishedAt());
        }
        if (state.failure() != null) {
            details.put("failure", state.failure());
        }
        RunKey key = runKey(plan.planId());
        ledger.claim(AuditRecord.started(key, "failover", state.startedAt()));
        ledger.update(AuditRecord.started(key, "failover", state.startedAt()).finish(outcome, clock.instant(), details));
    }

    public static RunKey runKey(String planId) {
        return new RunKey("failover/" + planId);
    }
}

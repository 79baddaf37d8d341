package com.silenttalk.automation.core.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A failover in progress, saved after every step.
 *
 * @param halted        the chain stopped in this recorded state; an operator resumes or aborts it
 * @param dataLossBytes what the target had not received when the old primary was fenced (-1 unknown)
 * @param writableAt    when the new primary accepted a verified write: the end of the RTO
 * @param stepDeadline  when the current asynchronous step (promotion, cache switch) is given up as timed out
 */
public record FailoverState(FailoverPlan plan, FailoverStep step, Instant startedAt, Instant stepStartedAt,
                            List<FailoverTiming> timings, boolean halted, boolean aborted, String failure,
                            long dataLossBytes, Instant writableAt, Instant stepDeadline) {
    public FailoverState {
        timings = timings == null ? List.of() : List.copyOf(timings);
    }

    public static FailoverState begin(FailoverPlan plan, Instant now) {
        return new FailoverState(plan, FailoverStep.FENCE, now, now, List.of(), false, false, null, -1, null, null);
    }

    public boolean isDone() {
        return step == FailoverStep.DONE || aborted;
    }

    /** Restore start to verified writes; null until writes are verified. */
    public Duration rto() {
        return writableAt == null ? null : Duration.between(startedAt, writableAt);
    }

    FailoverState next(FailoverStep to, Instant now, String detail) {
        List<FailoverTiming> t = new ArrayList<>(timings);
        t.add(new FailoverTiming(step, stepStartedAt, now, detail));
        // each step that waits gets its own deadline
        return new FailoverState(plan, to, startedAt, now, t, false, aborted, failure, dataLossBytes, writableAt, null);
    }

    FailoverState halt(String reason) {
        return new FailoverState(plan, step, startedAt, stepStartedAt, timings, true, aborted, reason, dataLossBytes,
                writableAt, stepDeadline);
    }

    FailoverState withDataLoss(long bytes) {
        return new FailoverState(plan, step, startedAt, stepStartedAt, timings, halted, aborted, failure, bytes, writableAt,
                stepDeadline);
    }

    FailoverState withWritableAt(Instant at) {
        return new FailoverState(plan, step, startedAt, stepStartedAt, timings, halted, aborted, failure, dataLossBytes, at,
                stepDeadline);
    }

    FailoverState withStepDeadline(Instant at) {
        return new FailoverState(plan, step, startedAt, stepStartedAt, timings, halted, aborted, failure, dataLossBytes,
                writableAt, at);
    }

    /** An operator's resume: retry the step the chain stopped at. */
    public FailoverState resumed(Instant now) {
        return new FailoverState(plan, step, startedAt, now, timings, false, false, null, dataLossBytes, writableAt, null);
    }

    public FailoverState abortedBy(String reason) {
        return new FailoverState(plan, step, startedAt, stepStartedAt, timings, true, true, reason, dataLossBytes, writableAt,
                stepDeadline);
    }
}

package com.silenttalk.automation.azure.runtime;

import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.StepWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The core's step loop on Durable Functions, written once for every long workflow (the drill, the
 * failover): the orchestration calls one activity that advances the workflow a turn, waits on a
 * durable timer as long as the turn says, and repeats until done. The orchestration stays
 * deterministic: every effect happens in the activity.
 *
 * @param <S> the workflow's state, carried between turns as JSON in the one form every runner gives the core's records
 *            ({@link CoreRecordJson})
 */
public final class DurableStepLoop<S> {
    /** One activity turn handed back to the orchestration: the new state, and how long to wait or that it is done. */
    public record Turn<S>(S state, long waitSeconds, boolean done) {
        public Turn {
            Objects.requireNonNull(state, "state");
            if (waitSeconds < 0) {
                throw new IllegalArgumentException("waitSeconds must not be negative");
            }
        }
    }

    private final String advanceActivity;
    private final Class<S> stateType;

    public DurableStepLoop(String advanceActivity, Class<S> stateType) {
        this.advanceActivity = Objects.requireNonNull(advanceActivity, "advanceActivity");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
    }

    /** The orchestration's body from the first state (JSON): the state the workflow finished in. */
    public S run(String firstState, DurableSteps steps) {
        String state = firstState;
        while (true) {
            Turn<S> turn = readTurn(steps.call(advanceActivity, state));
            if (turn.done()) {
                return turn.state();
            }
            state = CoreRecordJson.write(turn.state());
            if (turn.waitSeconds() > 0) {
                steps.waitFor(Duration.ofSeconds(turn.waitSeconds()));
            }
        }
    }

    /**
     * The advance activity's body: one turn of {@code workflow} at {@code now}. {@code afterTurn} is given the
     * state before the turn and the turn itself (the function reports and logs its one line there).
     */
    public String advance(String stateJson, StepWorkflow<S> workflow, Instant now, BiConsumer<S, Advance<S>> afterTurn) {
        S state = CoreRecordJson.read(stateJson, stateType);
        Advance<S> next = workflow.advance(state, now);
        afterTurn.accept(state, next);
        long wait = next.nextCheckAfter().map(d -> Math.max(0, d.toSeconds())).orElse(0L);
        return CoreRecordJson.write(new Turn<>(next.state(), wait, next.isDone()));
    }

    private Turn<S> readTurn(String json) {
        return CoreRecordJson.read(json, Turn.class, stateType);
    }
}

package com.silenttalk.automation.local.workflow;

import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.StepWorkflow;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The local engine for the core's step workflows: advance, save, wait as told, repeat.
 * Saving after every turn is what lets a killed run resume where it stopped.
 */
public final class StepLoop {
    /** How a turn's wait is spent; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxTurns;

    public StepLoop(Clock clock, Sleeper sleeper, int maxTurns) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxTurns = maxTurns;
    }

    public static StepLoop realTime(Clock clock) {
        return new StepLoop(clock, d -> Thread.sleep(d.toMillis()), 100_000);
    }

    public <S> S run(StepWorkflow<S> workflow, S initial, Consumer<S> checkpoint) {
        S state = initial;
        checkpoint.accept(state);
        for (int turn = 0; turn < maxTurns; turn++) {
            Advance<S> next = workflow.advance(state, clock.instant());
            state = next.state();
            checkpoint.accept(state);
            if (next.isDone()) {
                return state;
            }
            Duration wait = next.nextCheckAfter().orElseThrow();
            if (!wait.isZero()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting; the saved state resumes on the next run", e);
                }
            }
        }
        throw new IllegalStateException("workflow did not finish within " + maxTurns + " turns; the saved state resumes on the next run");
    }
}

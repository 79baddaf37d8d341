package com.silenttalk.automation.core.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn of a step loop: the new state, and either how long to wait before the next
 * turn or that the workflow is done. Step Functions, Durable Functions and the local
 * runner all run "advance, wait as told, repeat until done".
 */
public record Advance<S>(S state, Optional<Duration> nextCheckAfter) {
    public Advance {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextCheckAfter, "nextCheckAfter");
    }

    public static <S> Advance<S> continueAfter(S state, Duration wait) {
        return new Advance<>(state, Optional.of(wait));
    }

    public static <S> Advance<S> continueNow(S state) {
        return new Advance<>(state, Optional.of(Duration.ZERO));
    }

    public static <S> Advance<S> done(S state) {
        return new Advance<>(state, Optional.empty());
    }

    public boolean isDone() {
        return nextCheckAfter.isEmpty();
    }
}

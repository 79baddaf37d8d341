package com.silenttalk.automation.core.drill;

import java.time.Duration;
import java.time.Instant;

/** When one step ran, and how much it moved (bytes; 0 where nothing was moved). */
public record StepTiming(DrillStep step, Instant startedAt, Instant finishedAt, long bytes, String detail) {
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}

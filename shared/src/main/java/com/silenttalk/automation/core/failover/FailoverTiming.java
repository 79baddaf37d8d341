package com.silenttalk.automation.core.failover;

import java.time.Duration;
import java.time.Instant;

public record FailoverTiming(FailoverStep step, Instant startedAt, Instant finishedAt, String detail) {
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}

package com.silenttalk.automation.aws.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff with full jitter for throttling, 5xx and timeouts: at most
 * {@code maxAttempts} attempts, each wait drawn from [0, min(maxDelay, baseDelay * 2^n)].
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** Production: 6 attempts, 200 ms doubling up to 20 s (worst case about 40 s of waiting per call). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(20));

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be 1-20, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }
}

package com.silenttalk.automation.core.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What concerns every database at once: credentials, failover and the alert path. */
public record PlatformStatus(List<Reason> reasons, List<SecretStatus> secrets, List<PendingPlan> pendingPlans,
                             List<FailoverGroup> failovers, List<DeadLetter> deadLetters) {
    /**
     * @param lastRotatedAt null when no rotation of it ever succeeded
     * @param nextDueAt     null when it never rotated
     * @param lastFailureAt a failure after the last success; null when none
     */
    public record SecretStatus(String secret, Instant lastRotatedAt, Instant nextDueAt, Instant lastFailureAt,
                               String lastFailure, boolean overdue) {
    }

    public record PendingPlan(String planId, String group, String from, String to, Instant createdAt, Instant expiresAt) {
    }

    /** @param cooldownLeft zero when the cooldown is over */
    public record FailoverGroup(String group, Instant lastFailoverAt, String lastPlan, Duration cooldownLeft) {
    }

    /** A delivery that failed and was kept for replay: which alert, to which channels, when. */
    public record DeadLetter(String alert, String state, String channels, Instant at) {
    }

    public PlatformStatus {
        reasons = List.copyOf(reasons);
        secrets = List.copyOf(secrets);
        pendingPlans = List.copyOf(pendingPlans);
        failovers = List.copyOf(failovers);
        deadLetters = List.copyOf(deadLetters);
    }

    public Verdict verdict() {
        return reasons.stream().map(Reason::verdict).reduce(Verdict.SAFE, Verdict::worse);
    }
}

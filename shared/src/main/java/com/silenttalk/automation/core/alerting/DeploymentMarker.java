package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A deployment in progress (or just finished): firings of the alerts it matches are expected
 * noise until {@code endedAt} plus the policy's grace. A marker without an end lapses
 * {@link #MAX_DURATION} after its start, so a forgotten marker cannot mute alerts for ever.
 *
 * @param endedAt null while the deployment runs
 */
public record DeploymentMarker(String deploymentId, AlertMatch match, Instant startedAt, Instant endedAt) {
    /** An unfinished marker lapses after this long. */
    public static final Duration MAX_DURATION = Duration.ofHours(2);

    public DeploymentMarker {
        if (deploymentId == null || deploymentId.isBlank()) {
            throw new InvalidFieldException("deploymentId", "is missing");
        }
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(startedAt, "startedAt");
        if (endedAt != null && endedAt.isBefore(startedAt)) {
            throw new InvalidFieldException("endedAt", "is before startedAt");
        }
    }

    public boolean covers(Alert alert, Instant now, Duration grace) {
        Instant until = (endedAt != null ? endedAt : startedAt.plus(MAX_DURATION)).plus(grace);
        return !now.isBefore(startedAt) && now.isBefore(until) && match.matches(alert);
    }
}

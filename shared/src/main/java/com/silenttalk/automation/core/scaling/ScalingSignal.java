package com.silenttalk.automation.core.scaling;

import java.time.Instant;
import java.util.Objects;

/**
 * What asks for a scaling decision.
 *
 * @param id       the signal's identity for idempotency (an alarm's dedupe key and change time)
 * @param reason   for people and the audit record ("alarm silenttalk-api-cpu-high FIRING")
 */
public record ScalingSignal(Kind kind, String id, String reason, Instant observedAt) {
    public enum Kind {
        /** CPU above the scale-out threshold for the sustain period. */
        CPU_HIGH,
        /** CPU below the scale-in threshold for the sustain period. */
        CPU_LOW,
        /** The 5xx rate alarm fired: more capacity first, questions later. */
        ERROR_RATE_HIGH,
        /** Nothing that scales (a resolution, another metric). */
        NONE
    }

    public ScalingSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(observedAt, "observedAt");
    }
}

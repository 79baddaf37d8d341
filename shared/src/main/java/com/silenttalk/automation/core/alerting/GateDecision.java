package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.Objects;

/** What the {@link AlertGate} does with one alert. */
public sealed interface GateDecision {
    Alert alert();

    /** Send it. {@code note} is null or a remark for people ("flapping: ...", "still firing"). */
    record Deliver(Alert alert, String note) implements GateDecision {
        public Deliver {
            Objects.requireNonNull(alert, "alert");
        }
    }

    /** Do not send it, for this reason. */
    record Suppress(Alert alert, String reason) implements GateDecision {
        public Suppress {
            Objects.requireNonNull(alert, "alert");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A resolution held until {@code until}: a re-fire before then cancels it, else it is delivered. */
    record Hold(Alert alert, Instant until) implements GateDecision {
        public Hold {
            Objects.requireNonNull(alert, "alert");
            Objects.requireNonNull(until, "until");
        }
    }
}

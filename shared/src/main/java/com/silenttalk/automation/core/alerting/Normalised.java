package com.silenttalk.automation.core.alerting;

import java.util.Objects;

/** What a valid event turns into: an alert, or a documented reason that it raises none. */
public sealed interface Normalised {
    record Raised(Alert alert) implements Normalised {
        public Raised {
            Objects.requireNonNull(alert, "alert");
        }
    }

    /** A well-formed event that is not an alert transition (e.g. CloudWatch INSUFFICIENT_DATA). */
    record Ignored(String reason) implements Normalised {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package com.silenttalk.automation.core.workflow;

import java.time.Duration;
import java.util.Objects;

/** A port's answer to a long-running request: done with a value, or still working (ask again later). */
public sealed interface Progress<T> {
    static <T> Progress<T> ready(T value) {
        return new Ready<>(Objects.requireNonNull(value, "value"));
    }

    /** Done, for work that yields no value ({@code Progress<Void>}, e.g. a tear-down). */
    static Progress<Void> done() {
        return new Ready<>(null);
    }

    static <T> Progress<T> pending(Duration checkAgainAfter, String status) {
        return new Pending<>(checkAgainAfter, status);
    }

    /** Done; {@code value} is null only for {@code Progress<Void>} (see {@link #done()}). */
    record Ready<T>(T value) implements Progress<T> {
    }

    record Pending<T>(Duration checkAgainAfter, String status) implements Progress<T> {
        public Pending {
            if (checkAgainAfter == null || checkAgainAfter.isNegative()) {
                throw new IllegalArgumentException("checkAgainAfter must be zero or positive");
            }
        }
    }
}

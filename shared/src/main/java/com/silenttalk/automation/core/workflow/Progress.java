package com.silenttalk.automation.core.workflow;

import java.time.Duration;
import java.util.Objects;

/** A port's answer to a long-running request: done with a value, or still working (ask again later). */
public sealed interface Progress<T> {
    static <T> Progress<T> ready(T value) {
        return new Ready<>(value);
    }

    static <T> Progress<T> pending(Duration checkAgainAfter, String status) {
        return new Pending<>(checkAgainAfter, status);
    }

    record Ready<T>(T value) implements Progress<T> {
        public Ready {
            Objects.requireNonNull(value, "value");
        }
    }

    record Pending<T>(Duration checkAgainAfter, String status) implements Progress<T> {
        public Pending {
            if (checkAgainAfter == null || checkAgainAfter.isNegative()) {
                throw new IllegalArgumentException("checkAgainAfter must be zero or positive");
            }
        }
    }
}

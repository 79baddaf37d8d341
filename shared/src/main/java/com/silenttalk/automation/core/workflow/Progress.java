package com.silenttalk.automation.core.workflow;

import java.time.Duration;
import java.util.Objects;

/** A port's answer to a long-running request: done with a value, or still working (ask again later). */
public sealed interface Progress<T> {
    static <T> Progress<T> ready(T value) {
        return new Ready<>(value);
    }

    static <T> Progress<T> pending(Duration checkAgainAfter, String status) {
        return new Pending<>(checkAgainAfter, status, null);
    }

    /** Still working on a job the port must find again next time: {@code job} comes back to it (an API's job id). */
    static <T> Progress<T> pending(Duration checkAgainAfter, String status, String job) {
        return new Pending<>(checkAgainAfter, status, job);
    }

    record Ready<T>(T value) implements Progress<T> {
        public Ready {
            Objects.requireNonNull(value, "value");
        }
    }

    /** @param job the port's handle on its work in flight, handed back on the next call; null when none is needed */
    record Pending<T>(Duration checkAgainAfter, String status, String job) implements Progress<T> {
        public Pending {
            if (checkAgainAfter == null || checkAgainAfter.isNegative()) {
                throw new IllegalArgumentException("checkAgainAfter must be zero or positive");
            }
        }

        public Pending(Duration checkAgainAfter, String status) {
            this(checkAgainAfter, status, null);
        }
    }
}

package com.silenttalk.automation.azure.runtime;

import java.time.Duration;

/** Waits between polls of a long-running operation; tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = wait -> {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting " + wait, e);
        }
    };

    void sleep(Duration wait);
}

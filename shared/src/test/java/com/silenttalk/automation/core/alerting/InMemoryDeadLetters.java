package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Dead letters held in memory for core tests, keeping {@link DeadLettersContract}. */
public final class InMemoryDeadLetters implements DeadLetters {
    /** One kept delivery. */
    public record Letter(Delivery delivery, String reason, Instant at) {
    }

    private final List<Letter> letters = new ArrayList<>();

    @Override
    public synchronized void keep(Delivery delivery, String reason, Instant at) {
        letters.add(new Letter(delivery, reason, at));
    }

    public synchronized List<Letter> letters() {
        return List.copyOf(letters);
    }
}

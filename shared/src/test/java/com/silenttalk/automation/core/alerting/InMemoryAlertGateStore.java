package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store port in memory, for core tests (the DynamoDB and Table adapters are tested on their servers). */
final class InMemoryAlertGateStore implements AlertGateStore {
    final Map<DedupeKey, Versioned> items = new LinkedHashMap<>();
    /** Writes that lose to a simulated concurrent writer before the next one succeeds. */
    int conflictsToSimulate;
    int saves;

    @Override
    public synchronized Optional<Versioned> load(DedupeKey key) {
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public synchronized boolean save(DedupeKey key, GateKeyState state, long expectedVersion, Instant now) {
        saves++;
        if (conflictsToSimulate > 0) {
            conflictsToSimulate--;
            return false;
        }
        Versioned current = items.get(key);
        long version = current == null ? 0 : current.version();
        if (version != expectedVersion) {
            return false;
        }
        items.put(key, new Versioned(state, version + 1));
        return true;
    }

    @Override
    public synchronized List<DedupeKey> dueBy(Instant now) {
        List<DedupeKey> due = new ArrayList<>();
        items.forEach((k, v) -> v.state().dueAt().filter(at -> !at.isAfter(now)).ifPresent(at -> due.add(k)));
        return due;
    }
}

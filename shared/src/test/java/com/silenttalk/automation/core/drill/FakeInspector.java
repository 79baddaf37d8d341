package com.silenttalk.automation.core.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link DatabaseInspector} that returns the facts it was given and records what it was
 * asked to inspect. It can be told to throw instead. Thread-safe.
 */
public final class FakeInspector implements DatabaseInspector {
    /** One call to {@link #inspect}. */
    public record InspectCall(RestoredInstance instance, List<SqlProbe> probes) {
    }

    private final List<InspectCall> calls = new ArrayList<>();
    private DatabaseFacts facts;
    private RuntimeException failure;

    public FakeInspector(DatabaseFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** Facts of a healthy restore over TLS: this fingerprint and these exact counts, no probe results. */
    public static DatabaseFacts healthy(String schemaFingerprint, Map<String, Long> rowCounts) {
        return new DatabaseFacts(true, true, "TLSv1.3", schemaFingerprint, rowCounts, Map.of());
    }

    public synchronized FakeInspector returning(DatabaseFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
        return this;
    }

    public synchronized FakeInspector failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    @Override
    public synchronized DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        calls.add(new InspectCall(instance, List.copyOf(probes)));
        if (failure != null) {
            throw failure;
        }
        return facts;
    }

    public synchronized List<InspectCall> calls() {
        return List.copyOf(calls);
    }
}

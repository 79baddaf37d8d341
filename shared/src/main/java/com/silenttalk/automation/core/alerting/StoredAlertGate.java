package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link AlertGate}'s rules over state kept in an {@link AlertGateStore}, so that a second
 * process sees what the first one decided (a Lambda container that never saw the firing still
 * pairs the resolution and still knows the alert is flapping). Each judgement reads the key's
 * state, judges it in a one-key gate and writes it back conditionally; when another process
 * wrote in between, it reads and judges again, at most {@link #MAX_ATTEMPTS} times. Nothing is
 * kept in memory between calls, so memory stays bounded by one key; the store bounds itself with
 * a TTL that never drops a key before its due time.
 */
public final class StoredAlertGate implements SuppressionGate {
    static final int MAX_ATTEMPTS = 5;

    private final SuppressionPolicy policy;
    private final AlertGateStore store;

    public StoredAlertGate(SuppressionPolicy policy, AlertGateStore store) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<GateDecision> offer(Alert alert, Instant now, SuppressionContext context) {
        Objects.requireNonNull(alert, "alert");
        return judge(alert.dedupeKey(), now, gate -> gate.offer(alert, now, context));
    }

    @Override
    public List<GateDecision> sweep(Instant now) {
        List<GateDecision> out = new ArrayList<>();
        for (DedupeKey key : store.dueBy(now)) {
            out.addAll(judge(key, now, gate -> gate.sweep(now)));
        }
        return out;
    }

    /** A gate holding only the stored state of {@code key}, for a dry-run: judging with it changes nothing stored. */
    public AlertGate snapshot(DedupeKey key) {
        AlertGate gate = new AlertGate(policy);
        store.load(key).ifPresent(v -> gate.restore(key, v.state()));
        return gate;
    }

    private List<GateDecision> judge(DedupeKey key, Instant now, java.util.function.Function<AlertGate, List<GateDecision>> step) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<AlertGateStore.Versioned> stored = store.load(key);
            AlertGate gate = new AlertGate(policy);
            stored.ifPresent(v -> gate.restore(key, v.state()));
            List<GateDecision> decisions = step.apply(gate);
            Optional<GateKeyState> after = gate.export(key);
            if (after.isEmpty() || after.equals(stored.map(AlertGateStore.Versioned::state))) {
                return decisions;
            }
            if (store.save(key, after.get(), stored.map(AlertGateStore.Versioned::version).orElse(0L), now)) {
                return decisions;
            }
        }
        throw new IllegalStateException("the gate state of " + key + " changed under us " + MAX_ATTEMPTS
                + " times in a row; the event is failed so that it is retried");
    }
}

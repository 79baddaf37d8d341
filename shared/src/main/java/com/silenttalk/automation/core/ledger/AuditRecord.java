package com.silenttalk.automation.core.ledger;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The one audit record a run leaves: what was done, the outcome and the durations.
 * Details must never hold a secret; callers put identifiers and figures only.
 */
public record AuditRecord(
        RunKey key,
        String action,
        Outcome outcome,
        Instant startedAt,
        Instant updatedAt,
        Map<String, String> details) {

    public AuditRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        details = Map.copyOf(details);
    }

    public static AuditRecord started(RunKey key, String action, Instant now) {
        return new AuditRecord(key, action, Outcome.STARTED, now, now, Map.of());
    }

    public AuditRecord finish(Outcome outcome, Instant now, Map<String, String> details) {
        return new AuditRecord(key, action, outcome, startedAt, now, details);
    }
}

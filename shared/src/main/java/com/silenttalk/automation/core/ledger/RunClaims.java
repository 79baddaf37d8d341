package com.silenttalk.automation.core.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Claiming a run in the ledger, the one way every runner does it: the first claim acts; a claim whose run
 * succeeded is done; a run still in progress is held by its worker until it has not been heard of for the
 * in-progress expiry, after which (as after a failure) the next claim resumes it under the same key.
 */
public final class RunClaims {
    /** An in-progress run is never taken over (a lease that only its holder's end releases). */
    public static final Duration NEVER_EXPIRES = Duration.ofDays(36500);

    /** What a claim found. {@code record} is the record to finish: the new one, the resumed one, or the earlier one. */
    public record Claim(Kind kind, AuditRecord record) {
        public enum Kind {
            /** The first claim of this key. */
            ACQUIRED,
            /** An earlier run did not succeed (failed, abandoned) or its worker went silent past the expiry: this one carries on. */
            RESUMED,
            /** An earlier run succeeded: nothing to do. */
            DONE,
            /** An earlier run is still in progress and within its expiry. */
            HELD
        }

        public Claim {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(record, "record");
        }

        /** True when this caller should act: the run is its own, new or resumed. */
        public boolean acts() {
            return kind == Kind.ACQUIRED || kind == Kind.RESUMED;
        }
    }

    private final RunLedger ledger;
    private final Duration inProgressExpiry;

    /** @param inProgressExpiry how long a started run's worker may go unheard before another claim takes the run over */
    public RunClaims(RunLedger ledger, Duration inProgressExpiry) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        if (inProgressExpiry.isNegative()) {
            throw new IllegalArgumentException("inProgressExpiry must not be negative: " + inProgressExpiry);
        }
        this.inProgressExpiry = inProgressExpiry;
    }

    public Claim claim(RunKey key, String action, Instant now) {
        return claim(AuditRecord.started(key, action, now), now);
    }

    /** @param started the record a first claim creates */
    public Claim claim(AuditRecord started, Instant now) {
        if (ledger.claim(started)) {
            return new Claim(Claim.Kind.ACQUIRED, started);
        }
        AuditRecord earlier = ledger.find(started.key()).orElse(started);
        return switch (earlier.outcome()) {
            case SUCCEEDED -> new Claim(Claim.Kind.DONE, earlier);
            case STARTED -> earlier.updatedAt().plus(inProgressExpiry).isAfter(now)
                    ? new Claim(Claim.Kind.HELD, earlier) : resume(earlier, now);
            case FAILED, SKIPPED, ABANDONED, DRY_RUN -> resume(earlier, now);
        };
    }

    /** A resumed run keeps its first start and says it was resumed; the ledger shows it in progress again. */
    private Claim resume(AuditRecord earlier, Instant now) {
        AuditRecord resumed = new AuditRecord(earlier.key(), earlier.action(), Outcome.STARTED, earlier.startedAt(), now,
                Map.of("resumed", "true"));
        ledger.update(resumed);
        return new Claim(Claim.Kind.RESUMED, resumed);
    }

    /** True when a lease on {@code key} is held: a started run within the expiry. Reads only. */
    public boolean held(RunKey key, Instant now) {
        return ledger.find(key).map(r -> r.outcome() == Outcome.STARTED && r.updatedAt().plus(inProgressExpiry).isAfter(now))
                .orElse(false);
    }
}

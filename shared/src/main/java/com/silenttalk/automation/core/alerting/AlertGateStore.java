package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the gate's per-key state lives when several processes route alerts (Lambda containers,
 * Functions instances): DynamoDB on AWS, Table storage on Azure. Writes are conditional on the
 * version read, so two processes judging the same key at once cannot both win; the loser reads
 * again and judges again ({@link StoredAlertGate}).
 */
public interface AlertGateStore {
    /** A stored state and the version it was written as (1 for the first write). */
    record Versioned(GateKeyState state, long version) {
        public Versioned {
            Objects.requireNonNull(state, "state");
            if (version < 1) {
                throw new IllegalArgumentException("version must be at least 1");
            }
        }
    }

    Optional<Versioned> load(DedupeKey key);

    /**
     * Writes {@code state} as version {@code expectedVersion + 1} if the stored version is still
     * {@code expectedVersion} (0: nothing stored yet). Returns false when another writer got there first.
     */
    boolean save(DedupeKey key, GateKeyState state, long expectedVersion, Instant now);

    /** Keys with something due by {@code now} (held resolutions, post-flap firings). */
    List<DedupeKey> dueBy(Instant now);
}

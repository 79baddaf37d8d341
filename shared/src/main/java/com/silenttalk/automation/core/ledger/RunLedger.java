package com.silenttalk.automation.core.ledger;

import java.util.Optional;

/**
 * Idempotency and audit. {@link #claim} is a conditional put: of any number of
 * deliveries of one event, exactly one gets {@code true}.
 */
public interface RunLedger {
    /** Creates the record if no record has this key; returns false (and changes nothing) otherwise. */
    boolean claim(AuditRecord started);

    /** Replaces the record of a claimed run (its outcome and details). */
    void update(AuditRecord record);

    Optional<AuditRecord> find(RunKey key);
}

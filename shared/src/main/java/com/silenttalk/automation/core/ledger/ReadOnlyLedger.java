package com.silenttalk.automation.core.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * The ledger a dry-run is given: reads pass through to the real ledger (a cooldown needs the last change, a claim
 * check the earlier run), every write is refused, so a use case that would claim or record fails loudly instead of
 * leaving a trace. {@link #empty()} stands for a ledger that was never created.
 */
public final class ReadOnlyLedger implements RunLedger {
    private static final ReadOnlyLedger EMPTY = new ReadOnlyLedger(null);

    private final RunLedger reads;

    private ReadOnlyLedger(RunLedger reads) {
        this.reads = reads;
    }

    /** Reads {@code ledger}, writes nothing to it. */
    public static ReadOnlyLedger over(RunLedger ledger) {
        return new ReadOnlyLedger(Objects.requireNonNull(ledger, "ledger"));
    }

    /** A ledger with no records. */
    public static ReadOnlyLedger empty() {
        return EMPTY;
    }

    @Override
    public boolean claim(AuditRecord started) {
        throw refused(started);
    }

    @Override
    public void update(AuditRecord record) {
        throw refused(record);
    }

    @Override
    public Optional<AuditRecord> find(RunKey key) {
        return reads == null ? Optional.empty() : reads.find(key);
    }

    private static IllegalStateException refused(AuditRecord record) {
        return new IllegalStateException("a dry-run must not write the ledger (run " + record.key() + ")");
    }
}

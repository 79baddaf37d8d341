package com.silenttalk.automation.local.scaling;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.util.Optional;

/** For dry-runs: reads the real ledger (the cooldown needs the last change) and refuses every write. */
final class ReadOnlyLedger implements RunLedger {
    /** A ledger with no records: a dry-run where the ledger was never created. */
    static final ReadOnlyLedger EMPTY = new ReadOnlyLedger(null);

    private final RunLedger ledger;

    ReadOnlyLedger(RunLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public boolean claim(AuditRecord started) {
        throw new IllegalStateException("a dry-run must not write the ledger");
    }

    @Override
    public void update(AuditRecord record) {
        throw new IllegalStateException("a dry-run must not write the ledger");
    }

    @Override
    public Optional<AuditRecord> find(RunKey key) {
        return ledger == null ? Optional.empty() : ledger.find(key);
    }
}

package com.silenttalk.automation.core.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RunLedger} held in memory, for core tests and for modules that reuse the test-jar.
 * {@link #claim} is a conditional put (exactly one of any number of concurrent claims of a key
 * wins); {@link #update} refuses a key that was never claimed, as the real stores do.
 * Thread-safe: every method locks the ledger.
 */
public final class InMemoryRunLedger implements RunLedger {
    private final LinkedHashMap<RunKey, AuditRecord> records = new LinkedHashMap<>();
    private final List<AuditRecord> writes = new ArrayList<>();
    private int claimAttempts;

    @Override
    public synchronized boolean claim(AuditRecord started) {
        Objects.requireNonNull(started, "started");
        claimAttempts++;
        if (records.containsKey(started.key())) {
            return false;
        }
        records.put(started.key(), started);
        writes.add(started);
        return true;
    }

    @Override
    public synchronized void update(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        if (!records.containsKey(record.key())) {
            throw new IllegalStateException("run " + record.key() + " was never claimed");
        }
        records.put(record.key(), record);
        writes.add(record);
    }

    @Override
    public synchronized Optional<AuditRecord> find(RunKey key) {
        return Optional.ofNullable(records.get(key));
    }

    /** The current record of every run, in the order the runs were claimed. */
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records.values());
    }

    /** Current records for one action ("drill", "prune", "snapshot"). */
    public synchronized List<AuditRecord> records(String action) {
        return records.values().stream().filter(r -> r.action().equals(action)).toList();
    }

    /** Every successful claim and update, in order. */
    public synchronized List<AuditRecord> writes() {
        return List.copyOf(writes);
    }

    /** How many times claim was called, won or lost. */
    public synchronized int claimAttempts() {
        return claimAttempts;
    }
}

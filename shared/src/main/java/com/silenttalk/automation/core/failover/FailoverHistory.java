package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gate must know of the past, read from the ledger.
 *
 * @param lastFailoverAt null when there has never been one
 * @param generation     completed failovers so far; the single-flight lease is keyed on it
 */
public record FailoverHistory(Instant lastFailoverAt, long generation) {
    private static final Pattern GENERATION = Pattern.compile("-gen(\\d+)$");

    public static FailoverHistory none() {
        return new FailoverHistory(null, 0);
    }

    /** The group's history record: without it every failover after the first would find the first one's lease. */
    public static RunKey key(String group) {
        return new RunKey("failover-history/" + group);
    }

    public static FailoverHistory read(RunLedger ledger, String group) {
        Optional<AuditRecord> record = ledger.find(key(group));
        if (record.isEmpty()) {
            return none();
        }
        Map<String, String> d = record.get().details();
        return new FailoverHistory(Instant.parse(d.get("lastFailoverAt")), Long.parseLong(d.get("generation")));
    }

    /** Records a completed failover: the next trigger plans generation + 1 and the cooldown starts at {@code at}. */
    static void recordCompleted(RunLedger ledger, FailoverPlan plan, Instant at) {
        Matcher m = GENERATION.matcher(plan.planId());
        long generation = m.find() ? Long.parseLong(m.group(1)) : read(ledger, plan.group()).generation() + 1;
        long next = Math.max(generation, read(ledger, plan.group()).generation());
        AuditRecord record = new AuditRecord(key(plan.group()), "failover-history", Outcome.SUCCEEDED, at, at,
                Map.of("generation", Long.toString(next), "lastFailoverAt", at.toString(), "lastPlan", plan.planId()));
        if (!ledger.claim(record)) {
            ledger.update(record);
        }
    }
}

package com.silenttalk.automation.aws.ledger;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Instant;
import java.util.Map;

/**
 * Delivery-level idempotency: Lambda and EventBridge deliver at least once, so every event
 * id is claimed in the ledger before anything happens. A second delivery finds the claim
 * and does nothing; a delivery whose first attempt failed may run again (the use cases
 * below are idempotent by name, so a rerun never makes a second snapshot or copy).
 */
public final class EventClaims {
    private final RunLedger ledger;
    private final String function;

    public EventClaims(RunLedger ledger, String function) {
        this.ledger = ledger;
        this.function = function;
    }

    public RunKey keyFor(String eventId) {
        return new RunKey("event/" + function + "/" + eventId);
    }

    /** True when this delivery should act: the first one, or a redelivery of one that failed. */
    public boolean claim(String eventId, Instant now) {
        RunKey key = keyFor(eventId);
        if (ledger.claim(AuditRecord.started(key, function, now))) {
            return true;
        }
        return ledger.find(key).map(r -> r.outcome() == Outcome.FAILED).orElse(false);
    }

    public void finish(String eventId, Instant startedAt, Outcome outcome, Instant now, Map<String, String> details) {
        ledger.update(AuditRecord.started(keyFor(eventId), function, startedAt).finish(outcome, now, details));
    }
}

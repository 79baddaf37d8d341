package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate's signals where they arrive one alert at a time (an Azure Monitor action group calls
 * a webhook per alert rule): each fired or resolved alert updates its signal's record in the
 * ledger, and the gate then sees every configured signal as it stands. A repeated delivery of
 * the same transition changes nothing; changes within the flap window are counted so that a
 * flapping alert is ignored by the gate.
 */
public final class FailoverSignals {
    private final RunLedger ledger;
    private final Duration flapWindow;

    public FailoverSignals(RunLedger ledger, FailoverPolicy policy) {
        this.ledger = ledger;
        this.flapWindow = policy.flapWindow();
    }

    public static RunKey key(String group, String name) {
        return new RunKey("failover-signal/" + group + "/" + name);
    }

    /** Records one alert transition of a configured signal. */
    public void record(String group, String name, boolean failing, Instant changedAt) {
        Optional<AuditRecord> before = ledger.find(key(group, name));
        boolean wasFailing = before.map(r -> Boolean.parseBoolean(r.details().get("failing"))).orElse(false);
        Instant windowStart = before.map(r -> Instant.parse(r.details().get("windowStart"))).orElse(changedAt);
        int changes = before.map(r -> Integer.parseInt(r.details().get("changes"))).orElse(0);
        if (before.isPresent() && wasFailing == failing) {
            return; // a repeated delivery, or the same state again: not a change
        }
        if (Duration.between(windowStart, changedAt).compareTo(flapWindow) > 0) {
            windowStart = changedAt;
            changes = 0;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("failing", Boolean.toString(failing));
        details.put("since", changedAt.toString());
        details.put("windowStart", windowStart.toString());
        details.put("changes", Integer.toString(changes + 1));
        AuditRecord record = new AuditRecord(key(group, name), "failover-signal", Outcome.SUCCEEDED,
                before.map(AuditRecord::startedAt).orElse(changedAt), changedAt, details);
        if (before.isEmpty() && ledger.claim(record)) {
            return;
        }
        ledger.update(record);
    }

    /** Every configured signal as it stands; one never heard of is healthy. */
    public List<Signal> current(String group, Map<String, SignalKind> configured) {
        List<Signal> signals = new ArrayList<>();
        configured.forEach((name, kind) -> {
            Optional<AuditRecord> r = ledger.find(key(group, name));
            if (r.isEmpty() || !Boolean.parseBoolean(r.get().details().get("failing"))) {
                signals.add(new Signal(name, kind, false, null, r.map(x -> Integer.parseInt(x.details().get("changes"))).orElse(0)));
            } else {
                signals.add(new Signal(name, kind, true, Instant.parse(r.get().details().get("since")),
                        Integer.parseInt(r.get().details().get("changes"))));
            }
        });
        return signals;
    }
}

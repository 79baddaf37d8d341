package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.azure.runtime.InvocationLog;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.failover.DataLossWaiver;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What the failover webhook does with one signal: keeps it, asks the gate with every configured
 * signal, the target's lag and the group's history, and tells the approvers of a plan newly
 * awaiting approval (once per plan).
 *
 * @param answer  the HTTP answer's body
 * @param logLine the function's one log line
 * @param start   the chain's first state when the gate says to start it now
 */
public record SignalIntake(Map<String, Object> answer, String logLine, Optional<FailoverState> start) {

    /** @param log the invocation's log: a line the approvers' routing writes (a skipped deployment marker) lands there */
    public static SignalIntake take(FailoverWiring w, SignalAlert signal, Logger log) {
        Alert alert = signal.alert();
        Instant now = w.clock().instant();
        w.signalLedger().record(w.group(), alert.name(), alert.isFiring(), alert.changedAt());
        FailOver.TriggerResult result = w.failOver().trigger(w.group(), w.from(), w.to(),
                w.signalLedger().current(w.group(), w.signals()), w.replicaLag().apply(w.to()),
                FailoverHistory.read(w.ledger(), w.group()), signal.waiver());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signal", alert.name());
        body.put("kind", signal.kind().name());
        body.put("firing", alert.isFiring());
        body.put("verdict", result.decision().verdict().name());
        body.put("note", result.note());
        body.put("reasons", result.decision().reasons());
        result.plan().flatMap(DataLossWaiver::recordedIn).ifPresent(forced -> body.put("forced", forced));
        result.plan().ifPresent(p -> body.put("plan", p));
        if (result.newlyAwaitingApproval()) {
            RouteAlert.Result told = InvocationLog.within(log,
                    () -> w.approvers().route(ApprovalNotice.of(result.plan().orElseThrow(), alert, now), false));
            body.put("approvers", told.deliveries().stream().map(o -> o.delivery().channel().name() + ":" + o.status()).toList());
        }
        String line = "failover-alert signal=" + alert.name() + " firing=" + alert.isFiring() + " verdict="
                + result.decision().verdict() + " " + result.note() + result.plan().map(p -> " plan=" + p.planId()).orElse("")
                + (body.containsKey("approvers") ? " approvers=" + body.get("approvers") : "")
                + signal.waiver().map(waiver -> " allowDataLoss reason=" + waiver.reason()).orElse("");
        return new SignalIntake(body, line, result.execute() ? Optional.of(FailoverState.begin(result.plan().orElseThrow(), now)) : Optional.empty());
    }
}

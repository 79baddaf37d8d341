package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.List;

/** Decides which alerts are sent: {@link AlertGate} in one process, {@link StoredAlertGate} across processes. */
public interface SuppressionGate {
    List<GateDecision> offer(Alert alert, Instant now, SuppressionContext context);

    List<GateDecision> sweep(Instant now);
}

package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.Severity;
import com.silenttalk.automation.core.failover.FailoverPlan;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored plan told to the approvers as an alert, so it goes through the same rules, channels
 * and dead letters as every other alert. Its name matches the {@code failover} routing rule;
 * its dedupe key is the plan, so a redelivered trigger does not page twice.
 */
final class ApprovalNotice {
    static final String METRIC = "failover-plan";

    private ApprovalNotice() {
    }

    /** @param trigger the alert whose arrival met the quorum: the notice points at the same resource and console */
    static Alert of(FailoverPlan plan, Alert trigger, Instant now) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("planId", plan.planId());
        details.put("from", plan.from());
        details.put("to", plan.to());
        details.put("expiresAt", plan.expiresAt().toString());
        details.put("allowDataLoss", Boolean.toString(plan.allowDataLoss()));
        details.put("approve", "POST /api/failover/approve {\"planId\": \"" + plan.planId() + "\"}");
        details.put("reasons", String.join("; ", plan.reasons()));
        String summary = "Failover from " + plan.from() + " to " + plan.to() + " awaits approval until " + plan.expiresAt()
                + "; approve with POST /api/failover/approve {\"planId\": \"" + plan.planId() + "\"}";
        return new Alert(trigger.source(), trigger.account(), trigger.region(), trigger.service(), trigger.resource(),
                "silenttalk-failover-" + plan.group() + "-awaiting-approval", METRIC, AlertState.FIRING, Severity.CRITICAL, summary,
                now, now, DedupeKey.of("failover-plan", plan.planId()), trigger.consoleLink(), Map.of("failoverPlan", plan.planId()),
                details);
    }
}

package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;
import java.util.List;

/**
 * What a failover will do, fixed before anything is done: shown to approvers, audited, executed.
 *
 * @param planned       a switchover with both sides healthy (never sends allowDataLoss) rather than a forced failover
 * @param allowDataLoss the operator accepted losing what the target had not yet received
 */
public record FailoverPlan(String planId, String group, String from, String to, boolean planned, boolean allowDataLoss,
                           Instant createdAt, Instant expiresAt, List<String> reasons) {
    public FailoverPlan {
        if (planId == null || !planId.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw new InvalidFieldException("planId", "must be lowercase letters, digits and hyphens");
        }
        if (group == null || group.isBlank()) {
            throw new InvalidFieldException("group", "must not be blank");
        }
        if (from == null || to == null || from.equals(to)) {
            throw new InvalidFieldException("to", "the target must differ from the current primary");
        }
        if (planned && allowDataLoss) {
            throw new InvalidFieldException("allowDataLoss", "a planned switchover never accepts data loss");
        }
        reasons = List.copyOf(reasons);
    }

    public List<FailoverStep> steps() {
        return List.of(FailoverStep.FENCE, FailoverStep.PROMOTE, FailoverStep.SWITCH_CACHE, FailoverStep.SWITCH_TRAFFIC,
                FailoverStep.VERIFY_WRITES, FailoverStep.REPROTECT);
    }
}

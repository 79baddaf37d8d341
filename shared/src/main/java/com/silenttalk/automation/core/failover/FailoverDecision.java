package com.silenttalk.automation.core.failover;

import java.util.List;

/**
 * The gate's answer and every reason behind it.
 *
 * @param dataLossAccepted true only when an operator forced past the lag limit; it is recorded in the audit
 */
public record FailoverDecision(Verdict verdict, List<String> reasons, boolean dataLossAccepted) {
    public enum Verdict {
        /** Execute now. */
        FAIL_OVER,
        /** The quorum is met but the mode asks for an operator's approval first. */
        AWAIT_APPROVAL,
        /** The quorum is met and the mode is dry-run: return the plan, do nothing. */
        PLAN_ONLY,
        REFUSE
    }

    public FailoverDecision {
        reasons = List.copyOf(reasons);
    }

    public boolean quorumMet() {
        return verdict != Verdict.REFUSE;
    }
}

package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Optional;

/**
 * An operator's acceptance of losing what the target has not yet received, so that the gate
 * fails over although the replica lags beyond the RPO. Never without a reason: the reason is
 * kept in the plan's reasons, hence in the ledger and the report.
 */
public record DataLossWaiver(String reason) {
    public static final int MAX_REASON = 500;

    public DataLossWaiver {
        if (reason == null || reason.isBlank()) {
            throw new InvalidFieldException("reason", "is required with allowDataLoss: say why losing unreplicated writes is accepted");
        }
        reason = reason.strip();
        if (reason.length() > MAX_REASON) {
            throw new InvalidFieldException("reason", "is longer than " + MAX_REASON + " characters");
        }
    }

    /**
     * The operator's two input fields as an event or HTTP body carries them (already parsed JSON
     * values); both absent, or {@code allowDataLoss: false}, mean no forcing.
     */
    public static Optional<DataLossWaiver> of(Object allowDataLoss, Object reason) {
        if (allowDataLoss == null) {
            if (reason != null) {
                throw new InvalidFieldException("allowDataLoss", "must be true when a reason for forcing is given");
            }
            return Optional.empty();
        }
        if (!(allowDataLoss instanceof Boolean allow)) {
            throw new InvalidFieldException("allowDataLoss", "must be true or false");
        }
        if (!allow) {
            return Optional.empty();
        }
        if (reason != null && !(reason instanceof String)) {
            throw new InvalidFieldException("reason", "must be a string");
        }
        return Optional.of(new DataLossWaiver((String) reason));
    }

    private static final String RECORDED = "data loss accepted by the operator (allowDataLoss), reason: ";

    /** How the plan's reasons record the forcing. */
    String recorded() {
        return RECORDED + reason;
    }

    /**
     * The forcing as a plan records it, for reports; empty when the plan was not forced. It is the
     * last reason, so everything after its start is the operator's text (a ledger round trip joins
     * the reasons into one line).
     */
    public static Optional<String> recordedIn(FailoverPlan plan) {
        String reasons = String.join("; ", plan.reasons());
        int at = reasons.indexOf(RECORDED);
        return at < 0 ? Optional.empty() : Optional.of(reasons.substring(at));
    }
}

package com.silenttalk.automation.core.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether to fail over. Pure: the same signals, history and time give the same answer.
 * Every "no" says why, so that an operator paged at 3 a.m. can see what held it back.
 */
public final class FailoverGate {
    private FailoverGate() {
    }

    /**
     * @param replicaLag       the target's lag behind the primary, or null when it cannot be measured
     * @param allowDataLoss    an operator's explicit override of the lag limit
     */
    public static FailoverDecision evaluate(FailoverPolicy policy, List<Signal> signals, Duration replicaLag,
                                            FailoverHistory history, boolean allowDataLoss, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(now, "now");
        List<String> reasons = new ArrayList<>();
        Set<SignalKind> agreeing = EnumSet.noneOf(SignalKind.class);
        for (Signal s : signals) {
            if (!s.failing()) {
                continue;
            }
            if (s.changesInWindow() >= policy.maxFlaps()) {
                reasons.add(s.name() + " is flapping (" + s.changesInWindow() + " changes within " + policy.flapWindow() + "): ignored");
                continue;
            }
            Duration failingFor = Duration.between(s.failingSince(), now);
            if (s.kind() == SignalKind.ALARM && failingFor.compareTo(policy.alarmSustain()) < 0) {
                reasons.add(s.name() + " in alarm for " + failingFor.withNanos(0) + ", needs " + policy.alarmSustain());
                continue;
            }
            agreeing.add(s.kind());
        }
        boolean refused = false;
        if (agreeing.size() < policy.quorum()) {
            reasons.add("quorum not met: " + agreeing.size() + " of " + policy.quorum() + " independent signal kinds agree "
                    + agreeing);
            refused = true;
        } else {
            reasons.add("quorum met: " + agreeing);
        }
        if (history.lastFailoverAt() != null && Duration.between(history.lastFailoverAt(), now).compareTo(policy.cooldown()) < 0) {
            reasons.add("cooldown: last failover at " + history.lastFailoverAt() + ", cooldown " + policy.cooldown());
            refused = true;
        }
        boolean dataLossAccepted = false;
        if (replicaLag == null || replicaLag.compareTo(policy.maxReplicaLag()) > 0) {
            String lag = replicaLag == null ? "unknown replica lag" : "replica lag " + replicaLag + " exceeds the RPO " + policy.maxReplicaLag();
            if (allowDataLoss) {
                reasons.add(lag + ": accepted by the operator (allowDataLoss)");
                dataLossAccepted = true;
            } else {
                reasons.add(lag + ": refused unless an operator forces it with allowDataLoss");
                refused = true;
            }
        } else {
            reasons.add("replica lag " + replicaLag + " within the RPO " + policy.maxReplicaLag());
        }
        if (refused) {
            return new FailoverDecision(FailoverDecision.Verdict.REFUSE, reasons, false);
        }
        FailoverDecision.Verdict verdict = switch (policy.mode()) {
            case AUTOMATIC -> FailoverDecision.Verdict.FAIL_OVER;
            case APPROVAL_REQUIRED -> FailoverDecision.Verdict.AWAIT_APPROVAL;
            case DRY_RUN -> FailoverDecision.Verdict.PLAN_ONLY;
        };
        return new FailoverDecision(verdict, reasons, dataLossAccepted);
    }
}

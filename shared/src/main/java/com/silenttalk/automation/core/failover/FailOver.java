package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunClaims;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry to a failover: the gate decides, a lease keyed on the failover generation lets
 * exactly one of any number of concurrent triggers through, and plans that need approval are
 * stored until approved or expired.
 */
public final class FailOver {
    /** What a trigger led to; {@code plan} is empty when the gate refused. */
    public record TriggerResult(FailoverDecision decision, Optional<FailoverPlan> plan, boolean execute, String note) {
        /** True only for the trigger that stored the plan: that one tells the approvers, a repeat does not. */
        public boolean newlyAwaitingApproval() {
            return decision.verdict() == FailoverDecision.Verdict.AWAIT_APPROVAL && note.startsWith(AWAITING);
        }
    }

    private static final String AWAITING = "awaiting approval until ";

    private final FailoverPolicy policy;
    private final RunLedger ledger;
    private final Clock clock;

    public FailOver(FailoverPolicy policy, RunLedger ledger, Clock clock) {
        this.policy = policy;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** @param waiver an operator's forcing past the lag limit, with its reason; recorded in the plan when the gate used it */
    public TriggerResult trigger(String group, String from, String to, List<Signal> signals, Duration replicaLag,
                           FailoverHistory history, Optional<DataLossWaiver> waiver) {
        Instant now = clock.instant();
        FailoverDecision gate = FailoverGate.evaluate(policy, signals, replicaLag, history, waiver.isPresent(), now);
        FailoverDecision decision = gate;
        if (gate.dataLossAccepted()) {
            List<String> reasons = new ArrayList<>(gate.reasons());
            reasons.add(waiver.orElseThrow().recorded());
            decision = new FailoverDecision(gate.verdict(), reasons, true);
        }
        if (!decision.quorumMet()) {
            return new TriggerResult(decision, Optional.empty(), false, "refused");
        }
        String planId = group + "-gen" + (history.generation() + 1);
        FailoverPlan plan = new FailoverPlan(planId, group, from, to, false, decision.dataLossAccepted(), now,
                now.plus(policy.approvalTtl()), decision.reasons());
        return switch (decision.verdict()) {
            case PLAN_ONLY -> new TriggerResult(decision, Optional.of(plan), false, "dry run: nothing done");
            case AWAIT_APPROVAL -> {
                boolean stored = ledger.claim(planRecord(plan, now));
                yield new TriggerResult(decision, Optional.of(plan), false,
                        stored ? AWAITING + plan.expiresAt() : "already awaiting approval");
            }
            case FAIL_OVER -> acquire(plan) ? new TriggerResult(decision, Optional.of(plan), true, "lease acquired")
                    : new TriggerResult(decision, Optional.of(plan), false, "another trigger holds the lease for " + planId);
            case REFUSE -> throw new IllegalStateException("unreachable: refused decisions return above");
        };
    }

    /** An operator's approval of a stored plan; unknown, expired or already used plans change nothing. */
    public FailoverPlan approve(String planId) {
        Instant now = clock.instant();
        AuditRecord record = awaitingRecord(planId, now);
        FailoverPlan plan = fromRecord(planId, record);
        if (!acquire(plan)) {
            throw new InvalidFieldException("plan", "plan " + UntrustedText.quoted(planId) + " was already approved or executed");
        }
        ledger.update(record.finish(Outcome.SUCCEEDED, now, record.details()));
        return plan;
    }

    /** The stored plan an approval would execute, checked exactly as {@link #approve} checks it; reads only. */
    public FailoverPlan awaitingApproval(String planId) {
        Instant now = clock.instant();
        FailoverPlan plan = fromRecord(planId, awaitingRecord(planId, now));
        if (ledger.find(leaseKey(planId)).isPresent()) {
            throw new InvalidFieldException("plan", "plan " + UntrustedText.quoted(planId) + " was already approved or executed");
        }
        return plan;
    }

    private AuditRecord awaitingRecord(String planId, Instant now) {
        if (planId == null || !planId.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw new InvalidFieldException("plan", UntrustedText.quoted(planId) + " is not a plan id");
        }
        AuditRecord record = ledger.find(planKey(planId))
                .orElseThrow(() -> new InvalidFieldException("plan", "no failover plan " + UntrustedText.quoted(planId) + " awaits approval"));
        Instant expiresAt = Instant.parse(record.details().get("expiresAt"));
        if (!now.isBefore(expiresAt)) {
            throw new InvalidFieldException("plan", "plan " + UntrustedText.quoted(planId) + " expired at " + expiresAt + "; trigger a new evaluation");
        }
        if (record.outcome() != Outcome.STARTED) {
            throw new InvalidFieldException("plan", "plan " + UntrustedText.quoted(planId) + " was already approved or executed");
        }
        return record;
    }

    /** An operator's deliberate switchover: no gate, never data loss, still single flight. */
    public FailoverPlan planSwitchover(String group, String from, String to, FailoverHistory history) {
        Instant now = clock.instant();
        FailoverPlan plan = new FailoverPlan(group + "-gen" + (history.generation() + 1), group, from, to, true, false,
                now, now.plus(policy.approvalTtl()), List.of("planned switchover requested by an operator"));
        if (!acquire(plan)) {
            throw new InvalidFieldException("group", "a failover of " + group + " is already in flight");
        }
        return plan;
    }

    /** The lease of a failover generation never expires: a plan runs once, however its run ends. */
    private boolean acquire(FailoverPlan plan) {
        return new RunClaims(ledger, RunClaims.NEVER_EXPIRES).claim(leaseKey(plan.planId()), "failover-lease", clock.instant())
                .kind() == RunClaims.Claim.Kind.ACQUIRED;
    }

    private static RunKey leaseKey(String planId) {
        return new RunKey("failover-lease/" + planId);
    }

    private static RunKey planKey(String planId) {
        return new RunKey("failover-plan/" + planId);
    }

    private static AuditRecord planRecord(FailoverPlan plan, Instant now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("group", plan.group());
        d.put("from", plan.from());
        d.put("to", plan.to());
        d.put("allowDataLoss", Boolean.toString(plan.allowDataLoss()));
        d.put("expiresAt", plan.expiresAt().toString());
        d.put("reasons", String.join("; ", plan.reasons()));
        return new AuditRecord(planKey(plan.planId()), "failover-plan", Outcome.STARTED,
                now, now, d);
    }

    private static FailoverPlan fromRecord(String planId, AuditRecord r) {
        Map<String, String> d = r.details();
        return new FailoverPlan(planId, d.get("group"), d.get("from"), d.get("to"), false,
                Boolean.parseBoolean(d.get("allowDataLoss")), r.startedAt(), Instant.parse(d.get("expiresAt")),
                List.of(d.getOrDefault("reasons", "")));
    }
}

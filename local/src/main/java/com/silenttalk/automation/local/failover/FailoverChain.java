package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverTiming;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.local.workflow.StepLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** How opsctl runs a failover on a local pair, whether as a demo or from an approved plan: one at a time, step by step. */
final class FailoverChain {
    private FailoverChain() {
    }

    /** One failover of a pair at a time, whether it runs as a demo or from an approved plan. */
    static OperationLease lease(OpsctlContext opsctl, Duration maxWait, String nodeA, String nodeB) {
        String pair = nodeA.compareTo(nodeB) <= 0 ? nodeA + "+" + nodeB : nodeB + "+" + nodeA;
        return OperationLease.forCommand(opsctl, opsctl.config().stateDir(), "failover", pair, maxWait);
    }

    /**
     * The step loop over a local pair, from {@code start} until done or halted: each state is kept in
     * {@code <state>/runs/<plan>.json} and each finished step printed for the operator.
     */
    static FailoverState run(OpsctlContext opsctl, FailoverWorkflow workflow, Path state, FailoverPlan plan, Instant start) {
        int[] shown = {0};
        return StepLoop.realTime(opsctl.clock()).run(workflow, FailoverState.begin(plan, start), s -> {
            LocalJson.writeRecordAtomically(state.resolve("runs").resolve(plan.planId() + ".json"), s);
            for (int i = shown[0]; i < s.timings().size(); i++) {
                FailoverTiming t = s.timings().get(i);
                opsctl.err().printf("[failover] %-14s done %8s  %s%n", t.step().label(), DurationText.format(t.duration()), t.detail());
            }
            shown[0] = s.timings().size();
        });
    }
}

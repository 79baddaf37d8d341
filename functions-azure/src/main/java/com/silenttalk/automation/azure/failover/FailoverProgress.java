package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.core.failover.DataLossWaiver;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.workflow.Advance;

/** How a failover's progress reads: the advance activity's log line and the orchestration's output. */
final class FailoverProgress {
    private FailoverProgress() {
    }

    static String turn(FailoverState before, Advance<FailoverState> next) {
        FailoverState after = next.state();
        return "failover-advance plan=" + after.plan().planId() + " step=" + before.step().label() + "->"
                + after.step().label() + (after.halted() ? " halted: " + after.failure() : "")
                + (next.isDone() ? " done" : " wait=" + next.nextCheckAfter().orElseThrow());
    }

    static String outcome(FailoverState s) {
        return s.halted() ? "failover " + s.plan().planId() + " halted at " + s.step().label() + ": " + s.failure()
                : "failover " + s.plan().planId() + " done, RTO " + s.rto()
                + DataLossWaiver.recordedIn(s.plan()).map(forced -> "; " + forced).orElse("");
    }
}

package com.silenttalk.automation.local.invoke;

import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** How {@code opsctl invoke --dry-run} prints a function's plan, on either cloud. */
final class DryRunOutput {
    private DryRunOutput() {
    }

    /**
     * A dry-run's output: the planned calls as JSON lines on stdout, what was asked while planning first; one line on
     * stderr, saying why the plan is empty when the function can tell.
     */
    static int print(OpsctlContext opsctl, String function, String cloud, Function<PlannedCall, String> line,
                     List<PlannedCall> asked, List<PlannedCall> planned, Optional<String> emptyBecause) {
        asked.stream().map(line).forEach(opsctl.out()::println);
        planned.stream().map(line).forEach(opsctl.out()::println);
        opsctl.err().println("[invoke] " + function + " dry-run: " + (asked.size() + planned.size()) + " planned " + cloud
                + " call(s), none made" + emptyBecause.map(reason -> ": " + reason).orElse("") + (asked.isEmpty() ? ""
                : " (" + asked.size() + " asked while planning, answered empty by the planner: the plan assumes nothing is stored)"));
        return ExitCode.OK;
    }
}

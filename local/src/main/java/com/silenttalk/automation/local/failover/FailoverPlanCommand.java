package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.local.ExitCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code opsctl failover plan --dry-run}: an operator's look at a plan the gate stored in the local ledger. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what approving a stored plan would do, checked as an approval is; changes nothing (--dry-run).")
final class FailoverPlanCommand implements Callable<Integer> {
    @ParentCommand
    FailoverCommand failover;

    @Option(names = "--plan", required = true, description = "The plan id the gate announced.")
    String plan;

    @Option(names = "--dry-run", description = "Required: this command only ever reads the ledger.")
    boolean dryRun;

    @Option(names = "--ledger", description = "The ledger directory (default: <state dir>/failover/ledger).")
    Path ledger;

    @Override
    public Integer call() {
        if (!dryRun) {
            throw new InvalidFieldException("--dry-run", "is required: `failover plan` only shows a plan; approve it with `failover approve`");
        }
        FailoverWiring wiring = FailoverWiring.of(failover.opsctl::config, failover.opsctl.env(), failover.opsctl.clock());
        failover.opsctl.out().println(FailoverPlanJson.dryRun(wiring.failOver(FailoverPolicy.defaults(), wiring.ledger(ledger))
                .awaitingApproval(plan), null));
        return ExitCode.OK;
    }
}

package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.ledger.OperationLease;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code opsctl failover approve}: an operator's approval of a plan the gate stored in the local ledger; it runs the plan
 * on the local pair it names, through the same step loop as {@code failover --demo}. An unknown, malformed, expired or
 * already used plan, or one whose pair is not there, is bad input (exit 2) and changes nothing.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a failover plan awaiting approval in the local ledger and run it on the local pair it names:",
                "fence → promote → switch traffic (the endpoint file) → verify writes → re-protect.",
                "--dry-run checks the plan and the pair, prints the steps, and approves and runs nothing."})
final class FailoverApproveCommand implements Callable<Integer> {
    @ParentCommand
    FailoverCommand failover;

    @Option(names = "--plan", required = true, description = "The plan id the gate announced (e.g. orders-gen1).")
    String plan;

    @Option(names = "--ledger", description = "The ledger directory (default: <state dir>/failover/ledger).")
    Path ledger;

    @Option(names = "--clusters", description = "Where the pair's clusters live (default: clustersDir of the config, "
            + "else the temp dir's opsctl clusters).")
    Path clusters;

    @Option(names = "--endpoints", description = "The endpoint files clients read (default: <state dir>/failover/endpoints).")
    Path endpoints;

    @Option(names = "--dry-run", description = "Check the plan and the pair and print the steps; approve and run nothing.")
    boolean dryRun;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Override
    public Integer call() {
        OpsctlContext opsctl = failover.opsctl;
        FailoverWiring wiring = FailoverWiring.of(opsctl::config, opsctl.env(), opsctl.clock());
        FileRunLedger runs = wiring.ledger(ledger);
        FailOver failOver = wiring.failOver(FailoverPolicy.defaults(), runs);
        FailoverPlan awaiting = failOver.awaitingApproval(plan);
        Path root = wiring.clustersRoot(clusters);
        // the pair is found before anything is approved: a plan nobody can run stays unapproved
        try (OperationLease lease = dryRun ? null : FailoverChain.lease(opsctl, waitOption.maxWait(), awaiting.from(), awaiting.to());
             ReplicationPair pair = ReplicationPair.attach(wiring.binaries(), root, awaiting.from(), awaiting.to(), "--clusters")) {
            EndpointFileRouter router = wiring.router(endpoints, pair);
            if (dryRun) {
                opsctl.out().println(FailoverPlanJson.dryRun(awaiting, router.fileOf(awaiting.group()).toString()));
                opsctl.err().printf("[failover] dry run: plan %s would fence %s, promote %s and point %s at it; nothing done%n",
                        awaiting.planId(), awaiting.from(), awaiting.to(), router.fileOf(awaiting.group()));
                return ExitCode.OK;
            }
            FailoverPlan approved = failOver.approve(plan);
            opsctl.err().printf("[failover] plan %s approved: %s -> %s; running it%n", approved.planId(), approved.from(), approved.to());
            FailoverState done = FailoverChain.run(opsctl, wiring.workflow(pair, router, runs), wiring.state(), approved,
                    opsctl.clock().instant());
            opsctl.out().println(FailoverPlanJson.ran(approved, done, router));
            opsctl.err().printf("[failover] %s: %s%n", approved.planId(), done.step() == FailoverStep.DONE
                    ? "done, RTO " + DurationText.format(done.rto()) : "halted at " + done.step().label() + ": " + done.failure());
            return done.step() == FailoverStep.DONE ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }
}

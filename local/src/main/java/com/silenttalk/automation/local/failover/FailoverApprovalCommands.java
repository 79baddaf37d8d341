package com.silenttalk.automation.local.failover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
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
 * {@code opsctl failover approve} and {@code opsctl failover plan --dry-run}: an operator's look
 * at and approval of a plan the gate stored in the local ledger; an approval runs the plan on
 * the local pair it names, through the same step loop as {@code failover --demo}. An unknown,
 * malformed, expired or already used plan, or one whose pair is not there, is bad input (exit 2)
 * and changes nothing.
 */
final class FailoverApprovalCommands {
    private FailoverApprovalCommands() {
    }

    static FailoverWiring wiring(OpsctlContext opsctl) {
        return FailoverWiring.of(opsctl::config, opsctl.env(), opsctl.clock());
    }

    static ObjectNode describe(FailoverPlan plan) {
        ObjectNode out = LocalJson.MAPPER.createObjectNode();
        out.put("planId", plan.planId());
        out.put("group", plan.group());
        out.put("from", plan.from());
        out.put("to", plan.to());
        out.put("allowDataLoss", plan.allowDataLoss());
        out.put("expiresAt", plan.expiresAt().toString());
        plan.reasons().forEach(out.putArray("reasons")::add);
        plan.steps().stream().map(FailoverStep::label).forEach(out.putArray("steps")::add);
        return out;
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a failover plan awaiting approval in the local ledger and run it on the local pair it names:",
                    "fence → promote → switch traffic (the endpoint file) → verify writes → re-protect.",
                    "--dry-run checks the plan and the pair, prints the steps, and approves and runs nothing."})
    static final class Approve implements Callable<Integer> {
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
            FailoverWiring wiring = wiring(opsctl);
            FileRunLedger runs = wiring.ledger(ledger);
            FailOver failOver = wiring.failOver(FailoverPolicy.defaults(), runs);
            FailoverPlan awaiting = failOver.awaitingApproval(plan);
            Path root = wiring.clustersRoot(clusters);
            // the pair is found before anything is approved: a plan nobody can run stays unapproved
            try (OperationLease lease = dryRun ? null : FailoverCommand.lease(opsctl, waitOption.maxWait(), awaiting.from(), awaiting.to());
                 ReplicationPair pair = ReplicationPair.attach(wiring.binaries(), root, awaiting.from(), awaiting.to(),
                    "--clusters")) {
                EndpointFileRouter router = wiring.router(endpoints, pair);
                if (dryRun) {
                    ObjectNode out = describe(awaiting);
                    out.put("dryRun", true);
                    out.put("endpointFile", router.fileOf(awaiting.group()).toString());
                    opsctl.out().println(out.toPrettyString());
                    opsctl.err().printf("[failover] dry run: plan %s would fence %s, promote %s and point %s at it; nothing done%n",
                            awaiting.planId(), awaiting.from(), awaiting.to(), router.fileOf(awaiting.group()));
                    return ExitCode.OK;
                }
                FailoverPlan approved = failOver.approve(plan);
                opsctl.err().printf("[failover] plan %s approved: %s -> %s; running it%n", approved.planId(), approved.from(), approved.to());
                FailoverState done = FailoverCommand.runChain(opsctl, wiring.workflow(pair, router, runs), wiring.state(), approved,
                        opsctl.clock().instant());
                ObjectNode out = describe(approved);
                out.put("approved", true);
                out.put("step", done.step().label());
                out.put("halted", done.halted());
                if (done.failure() != null) {
                    out.put("failure", done.failure());
                }
                if (done.step() == FailoverStep.DONE) {
                    out.put("rtoMillis", done.rto().toMillis());
                }
                out.put("endpoint", LocalJson.MAPPER.valueToTree(router.read(approved.group())));
                opsctl.out().println(out.toPrettyString());
                opsctl.err().printf("[failover] %s: %s%n", approved.planId(), done.step() == FailoverStep.DONE
                        ? "done, RTO " + DurationText.format(done.rto()) : "halted at " + done.step().label() + ": " + done.failure());
                return done.step() == FailoverStep.DONE ? ExitCode.OK : ExitCode.CHECK_FAILED;
            }
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Show what approving a stored plan would do, checked as an approval is; changes nothing (--dry-run).")
    static final class Plan implements Callable<Integer> {
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
            FailoverWiring wiring = wiring(failover.opsctl);
            ObjectNode out = describe(wiring.failOver(FailoverPolicy.defaults(), wiring.ledger(ledger)).awaitingApproval(plan));
            out.put("dryRun", true);
            failover.opsctl.out().println(out.toPrettyString());
            return ExitCode.OK;
        }
    }
}

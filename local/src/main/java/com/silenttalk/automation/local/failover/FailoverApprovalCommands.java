package com.silenttalk.automation.local.failover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code opsctl failover approve} and {@code opsctl failover plan --dry-run}: an operator's look
 * at and approval of a plan the gate stored in the local ledger. An unknown, malformed, expired
 * or already used plan is bad input (exit 2) and changes nothing.
 */
final class FailoverApprovalCommands {
    private FailoverApprovalCommands() {
    }

    /** The ledger the runner that stored the plan writes: {@code --ledger}, else the configured state directory's. */
    static FailOver failOver(OpsctlContext opsctl, Path ledger) {
        Path dir = ledger != null ? ledger : opsctl.config().stateDir().resolve("failover").resolve("ledger");
        return new FailOver(FailoverPolicy.defaults(), new FileRunLedger(dir), opsctl.clock());
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
            description = "Approve a failover plan awaiting approval in the local ledger; the runner that owns the pair executes it.")
    static final class Approve implements Callable<Integer> {
        @ParentCommand
        FailoverCommand failover;

        @Option(names = "--plan", required = true, description = "The plan id the gate announced (e.g. orders-gen1).")
        String plan;

        @Option(names = "--ledger", description = "The ledger directory (default: <state dir>/failover/ledger).")
        Path ledger;

        @Override
        public Integer call() {
            FailoverPlan approved = failOver(failover.opsctl, ledger).approve(plan);
            ObjectNode out = describe(approved);
            out.put("approved", true);
            failover.opsctl.out().println(out.toPrettyString());
            failover.opsctl.err().printf("[failover] plan %s approved: %s -> %s%n", approved.planId(), approved.from(), approved.to());
            return ExitCode.OK;
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
            ObjectNode out = describe(failOver(failover.opsctl, ledger).awaitingApproval(plan));
            out.put("dryRun", true);
            failover.opsctl.out().println(out.toPrettyString());
            return ExitCode.OK;
        }
    }
}

package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.drill.DemoDataset;
import com.silenttalk.automation.local.ledger.OperationLease;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "failover", mixinStandardHelpOptions = true,
        subcommands = {FailoverApproveCommand.class, FailoverPlanCommand.class},
        description = {"Failover with guardrails. --demo starts a primary and a streaming standby, stops the primary as an outage would,",
                "lets the gate (a quorum of health check, reachability and replication alarm) decide, then runs",
                "fence → promote → switch cache → switch traffic → verify writes → re-protect, and reports the RTO.",
                "`failover approve --plan ID` approves a stored plan and runs it on the local pair it names;",
                "`failover plan --dry-run --plan ID` shows one."})
public final class FailoverCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--demo", description = "Run the whole chain on a local primary/standby pair.")
    boolean demo;

    @Option(names = "--rows", defaultValue = "10000", description = "Rows loaded on the primary first (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--dry-run", description = "Stop after the gate: print the plan, change nothing.")
    boolean dryRun;

    @Option(names = "--alarm-sustain", defaultValue = "2s",
            description = "How long the replication alarm must hold before it counts (default: ${DEFAULT-VALUE}; production: 3m).")
    String alarmSustain;

    @Option(names = "--gate-timeout", defaultValue = "60s", description = "Give up when the gate has not agreed by then.")
    String gateTimeout;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Override
    public Integer call() {
        if (!demo) {
            throw new InvalidFieldException("--demo", "is required (or a subcommand: approve --plan ID, plan --dry-run --plan ID)");
        }
        DemoDataset.checkRows("--rows", rows);
        Duration sustain = DurationText.parse("--alarm-sustain", alarmSustain);
        Duration gateLimit = DurationText.parse("--gate-timeout", gateTimeout);
        return FailoverDemo.run(opsctl, new FailoverDemo.Settings(rows, sustain, gateLimit, dryRun, waitOption.maxWait()));
    }
}

package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.aws.failover.FailoverCommands.Approve;
import com.silenttalk.automation.aws.failover.FailoverCommands.Command;
import com.silenttalk.automation.aws.failover.FailoverCommands.Continue;
import com.silenttalk.automation.aws.failover.FailoverCommands.Evaluate;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.DatabaseFailover;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.TrafficRouter;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * One turn of a failover, called by the Step Functions loop in template.yaml (the drill's
 * generic "call step, wait SecondsPath, repeat until done"). Input is one of:
 * <ul>
 *   <li>the EventBridge "CloudWatch Alarm State Change" of the failover composite alarm: the
 *       gate evaluates its children as signals; by default (APPROVAL_REQUIRED) the plan is
 *       stored in the ledger and its summary goes to the alerts topic;</li>
 *   <li>{@code {"approvePlan": "<planId>"}}, an operator's approval (a manual start of the
 *       state machine): an unknown, malformed, expired or used plan is rejected, nothing changes;</li>
 *   <li>the previous turn's output {@code {"state": ...}}, optionally with {@code "resume": true}
 *       or {@code "abort": "<reason>"} when an operator restarts a halted chain;</li>
 * </ul>
 * The every-minute reachability probe is a function of its own ({@link FailoverReachabilityHandler}).
 * Output: {@code {"state", "waitSeconds", "done"}} and when done {@code "passed"} and
 * {@code "summary"}; {@code passed=false} means an operator must act (approve, force, resume),
 * and the loop then sends the summary to the alerts topic.
 */
public final class FailoverStepHandler extends EventFunction<Command> {
    public static final String NAME = "failover-step";

    private final FailoverWiring failover;
    private final FailoverCommands commands;

    public FailoverStepHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public FailoverStepHandler(AwsWiring w) {
        this(FailoverWiring.of(w), w.log(NAME));
    }

    FailoverStepHandler(AwsSettings settings, FailoverSettings failover, DatabaseFailover database, CacheSwitcher cache,
                        TrafficRouter traffic, FailoverWiring.ReplicaLag lag, FailoverWiring.Reachability reachability,
                        RunLedger ledger, List<String> probeActions, Clock clock, LineLog log) {
        this(new FailoverWiring(settings, failover, database, cache, traffic, lag, reachability, ledger, probeActions, clock), log);
    }

    private FailoverStepHandler(FailoverWiring failover, LineLog log) {
        super(NAME, failover.ledger(), failover.clock(), log);
        this.failover = failover;
        this.commands = failover.commands(log);
    }

    @Override
    protected Command parse(Map<String, Object> input) {
        return commands.parse(input);
    }

    @Override
    protected Rendered execute(Command command, Instant now) {
        Map<String, Object> line = new LinkedHashMap<>();
        Map<String, Object> out;
        if (command instanceof Evaluate evaluate) {
            out = commands.evaluate(evaluate, now, line);
        } else if (command instanceof Approve approve) {
            FailoverPlan plan = commands.approve(approve, now);
            line.put("approved", plan.planId());
            out = commands.turn(FailoverState.begin(plan, now), now, line);
        } else {
            out = commands.turn(((Continue) command).state(), now, line);
        }
        return Rendered.logged(out, line);
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        return commands.plan(parse(input));
    }

    @Override
    public List<String> requiredActions() {
        return failover.requiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // warms Jackson on the state shape without calling AWS
        Instant t = clock.instant();
        FailoverPlan sample = new FailoverPlan("warmup-gen1", failover.failover().group(), failover.failover().from(),
                failover.failover().to(), false, false, t, t.plusSeconds(60), List.of("priming"));
        Json.fromMap(Json.toMap(FailoverState.begin(sample, t)), FailoverState.class);
    }
}

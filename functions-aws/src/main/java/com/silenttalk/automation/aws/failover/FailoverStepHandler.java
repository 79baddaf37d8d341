package com.silenttalk.automation.aws.failover;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.DatabaseFailover;
import com.silenttalk.automation.core.failover.DataLossWaiver;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.failover.Signal;
import com.silenttalk.automation.core.failover.TrafficRouter;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Advance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
 *   <li>the every-minute EventBridge "Scheduled Event": a bounded JDBC login to the primary whose outcome is
 *       the composite's reachability metric ({@value #REACHABILITY_NAMESPACE} {@value #REACHABILITY_METRIC},
 *       1 unreachable, 0 reached), written as one embedded-metric line; nothing else happens.</li>
 * </ul>
 * Output: {@code {"state", "waitSeconds", "done"}} and when done {@code "passed"} and
 * {@code "summary"}; {@code passed=false} means an operator must act (approve, force, resume),
 * and the loop then sends the summary to the alerts topic.
 */
public final class FailoverStepHandler implements AwsFunction, Resource {
    public static final String NAME = "failover-step";
    /** What template.yaml's FailoverReachabilityAlarm reads, per DBInstanceIdentifier. */
    public static final String REACHABILITY_NAMESPACE = "SilentTalk/App";
    public static final String REACHABILITY_METRIC = "PrimaryConnectFailures";
    public static final String REACHABILITY_DIMENSION = "DBInstanceIdentifier";

    /** Whether the primary answers a login from this function, as the reachability signal needs it. */
    @FunctionalInterface
    interface Reachability {
        JdbcFailoverProbe.Reach of(RdsTopology.Node primary);
    }

    /** The target's replication lag as the gate needs it; null when it cannot be measured. */
    @FunctionalInterface
    interface ReplicaLag {
        Duration of(RdsTopology.Node target);
    }

    private final AwsSettings settings;
    private final FailoverSettings failover;
    private final FailOver failOver;
    private final FailoverWorkflow workflow;
    private final ReplicaLag lag;
    private final Reachability reachability;
    private final RunLedger ledger;
    private final Clock clock;
    private final LineLog log;
    private final List<String> requiredActions;

    public FailoverStepHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public FailoverStepHandler(AwsWiring w) {
        this(w, FailoverSettings.fromEnvironment(w.environment()));
    }

    private FailoverStepHandler(AwsWiring w, FailoverSettings f) {
        this(w, f, new RdsEndpoints(f.topology(), w.clients()::rds), new SecretsManagerSecretStore(
                w.clients().secretsManager(AwsSettings.regionOf("ST_FAILOVER_DB_SECRET_ARN", f.dbSecretArn()))));
    }

    private FailoverStepHandler(AwsWiring w, FailoverSettings f, RdsEndpoints endpoints, SecretsManagerSecretStore secrets) {
        this(w, f, new JdbcFailoverProbe(secrets, f.dbSecretArn(), f.databaseName(), f.sslMode(), endpoints::of));
    }

    private FailoverStepHandler(AwsWiring w, FailoverSettings f, JdbcFailoverProbe probe) {
        this(w.settings(), f, new RdsFailover(f.topology(), w.clients()::rds, probe), cacheOf(f, w.clients()::elastiCache),
                new Route53TrafficRouter(w.clients().route53(), f.record(), new RequestRateLimiter(10, RequestRateLimiter.Ticker.SYSTEM),
                        RetryPolicy.DEFAULT, RequestRateLimiter.Ticker.SYSTEM),
                // Only a cross-region replica can lag: Multi-AZ standbys are synchronous, and an Aurora global
                // failover without the operator's allowDataLoss is a switchover that waits for the secondary.
                f.topology().mode() == RdsTopology.Mode.READ_REPLICA ? probe::replicaLag : node -> Duration.ZERO,
                probe::reach, w.ledger(), probe.requiredActions(), w.clock(), w.log(NAME));
    }

    FailoverStepHandler(AwsSettings settings, FailoverSettings failover, DatabaseFailover database, CacheSwitcher cache,
                        TrafficRouter traffic, ReplicaLag lag, Reachability reachability, RunLedger ledger, List<String> probeActions, Clock clock,
                        LineLog log) {
        this.settings = settings;
        this.failover = failover;
        this.lag = lag;
        this.reachability = reachability;
        this.ledger = ledger;
        this.clock = clock;
        this.log = log;
        this.failOver = new FailOver(FailoverPolicy.defaults().withMode(failover.mode()), ledger, clock);
        this.workflow = new FailoverWorkflow(database, cache, traffic, ledger, clock, failover.stepTimeout());
        List<String> actions = new ArrayList<>(database.requiredActions());
        actions.addAll(cache.requiredActions());
        actions.addAll(traffic.requiredActions());
        actions.addAll(probeActions);
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        this.requiredActions = actions.stream().distinct().sorted().toList();
    }

    static CacheSwitcher cacheOf(FailoverSettings f, Function<String, software.amazon.awssdk.services.elasticache.ElastiCacheClient> clients) {
        if (f.cache().isEmpty()) {
            return CacheSwitcher.NONE;
        }
        if (f.cache().get() instanceof FailoverSettings.Cache.ReplicationGroup rg) {
            return new ElastiCacheReplicationGroupFailover(clients.apply(f.topology().node(f.from()).region()), rg.group());
        }
        return new ElastiCacheGlobalDatastoreFailover(clients, ((FailoverSettings.Cache.GlobalDatastore) f.cache().get()).datastore());
    }

    /** What an input asks for. */
    sealed interface Command permits Evaluate, Approve, Continue, Probe {
    }

    record Probe(String scheduleEventId) implements Command {
    }

    /** @param waiver an operator's forcing past the lag limit (the manual {@code {"alarm", "allowDataLoss", "reason"}} input) */
    record Evaluate(List<Signal> signals, String alarmEventId, Optional<DataLossWaiver> waiver) implements Command {
    }

    record Approve(String planId) implements Command {
    }

    record Continue(FailoverState state) implements Command {
    }

    Command parse(Map<String, Object> input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidFieldException("input", "is empty: expected a composite alarm event, {\"approvePlan\": ...} or a failover state");
        }
        if (input.containsKey("state")) {
            if (!(input.get("state") instanceof Map<?, ?>)) {
                throw new InvalidFieldException("state", "must be the failover state object of the previous step");
            }
            FailoverState state;
            try {
                state = Json.fromMap(input.get("state"), FailoverState.class);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("state", "is not a failover state: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (state.plan() == null || state.step() == null || state.startedAt() == null) {
                throw new InvalidFieldException("state", "needs plan, step and startedAt");
            }
            Object abort = input.get("abort");
            if (abort != null) {
                if (!(abort instanceof String reason) || reason.isBlank()) {
                    throw new InvalidFieldException("abort", "must be the operator's reason");
                }
                return new Continue(state.abortedBy("aborted by an operator: " + reason));
            }
            if (Boolean.TRUE.equals(input.get("resume"))) {
                return new Continue(state.resumed(clock.instant()));
            }
            return new Continue(state);
        }
        if (input.containsKey("approvePlan")) {
            if (!(input.get("approvePlan") instanceof String planId) || planId.isBlank()) {
                throw new InvalidFieldException("approvePlan", "must be the id of the plan to approve");
            }
            return new Approve(planId);
        }
        if (input.containsKey("alarm")) {
            for (String field : input.keySet()) {
                if (!Set.of("alarm", "allowDataLoss", "reason").contains(field)) {
                    throw new InvalidFieldException(field, "is not a field of a forced evaluation (alarm, allowDataLoss, reason)");
                }
            }
            if (!(input.get("alarm") instanceof Map<?, ?> alarm)) {
                throw new InvalidFieldException("alarm", "must be the composite alarm's state change event");
            }
            Optional<DataLossWaiver> waiver = DataLossWaiver.of(input.get("allowDataLoss"), input.get("reason"));
            Evaluate evaluate = alarmEvent(alarm);
            return new Evaluate(evaluate.signals(), evaluate.alarmEventId(), waiver);
        }
        if ("Scheduled Event".equals(input.get("detail-type"))) {
            return new Probe(EventEnvelope.parse(input, Set.of("aws.events"), Set.of("Scheduled Event"), settings.allowedAccounts()).id());
        }
        if (input.containsKey("detail-type")) {
            return alarmEvent(input);
        }
        throw new InvalidFieldException("input", "has none of state, approvePlan, alarm or detail-type");
    }

    @SuppressWarnings("unchecked")
    private Evaluate alarmEvent(Map<?, ?> input) {
        EventEnvelope e = EventEnvelope.parse((Map<String, Object>) input, Set.of("aws.cloudwatch"), Set.of("CloudWatch Alarm State Change"),
                settings.allowedAccounts());
        return new Evaluate(CompositeAlarmSignals.from(e, failover), e.id(), Optional.empty());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Instant now = clock.instant();
        Command command;
        try {
            command = parse(input);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        Map<String, Object> out;
        if (command instanceof Probe probe) {
            out = probe(probe, now, line);
        } else if (command instanceof Evaluate evaluate) {
            out = evaluate(evaluate, now, line);
        } else if (command instanceof Approve approve) {
            FailoverPlan plan;
            try {
                plan = failOver.approve(approve.planId());
            } catch (InvalidFieldException e) {
                log.error(now, Map.of("rejected", e.getMessage()));
                throw e;
            }
            line.put("approved", plan.planId());
            out = turn(FailoverState.begin(plan, now), now, line);
        } else {
            out = turn(((Continue) command).state(), now, line);
        }
        log.info(now, line);
        return out;
    }

    /** Side-effect free on purpose: one login attempt, one metric line, one log line; no ledger record per minute. */
    private Map<String, Object> probe(Probe probe, Instant now, Map<String, Object> line) {
        RdsTopology.Node primary = failover.topology().node(failover.from());
        JdbcFailoverProbe.Reach reach = reachability.of(primary);
        log.metrics(now, REACHABILITY_NAMESPACE, Map.of(REACHABILITY_DIMENSION, primary.identifier()),
                Map.<String, Number>of(REACHABILITY_METRIC, reach.reachable() ? 0 : 1), "Count");
        line.put("scheduleEvent", probe.scheduleEventId());
        line.put("primary", primary.identifier());
        line.put("reachable", reach.reachable());
        line.put("detail", reach.detail());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("primary", primary.identifier());
        out.put("reachable", reach.reachable());
        return out;
    }

    private Map<String, Object> evaluate(Evaluate evaluate, Instant now, Map<String, Object> line) {
        FailoverHistory history = FailoverHistory.read(ledger, failover.group());
        Duration replicaLag = lag.of(failover.topology().node(failover.to()));
        FailOver.TriggerResult result = failOver.trigger(failover.group(), failover.from(), failover.to(), evaluate.signals(),
                replicaLag, history, evaluate.waiver());
        line.put("alarmEvent", evaluate.alarmEventId());
        evaluate.waiver().ifPresent(w -> line.put("allowDataLoss", w.reason()));
        line.put("verdict", result.decision().verdict().name());
        line.put("note", result.note());
        result.plan().ifPresent(p -> line.put("plan", p.planId()));
        if (result.execute()) {
            return turn(FailoverState.begin(result.plan().orElseThrow(), now), now, line);
        }
        String reasons = String.join("; ", result.decision().reasons());
        String summary = switch (result.decision().verdict()) {
            case REFUSE -> "failover of " + failover.group() + " refused by the gate: " + reasons;
            case AWAIT_APPROVAL -> result.plan().map(p -> (p.allowDataLoss() ? "FORCED (data loss accepted) " : "") + "failover plan " + p.planId() + " (" + p.from() + " -> " + p.to()
                    + ") awaits approval until " + p.expiresAt() + ": start the failover state machine with {\"approvePlan\": \""
                    + p.planId() + "\"}. Gate: " + reasons).orElseThrow();
            case PLAN_ONLY -> "dry run: would fail " + failover.group() + " over from " + failover.from() + " to " + failover.to()
                    + ". Gate: " + reasons;
            case FAIL_OVER -> "failover of " + failover.group() + " not started: " + result.note();
        };
        // A plan already awaiting approval was announced by the first trigger; a lost lease race is another run's business.
        boolean operatorMustAct = !result.note().startsWith("already awaiting") && !result.note().startsWith("another trigger");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("waitSeconds", 0L);
        out.put("done", true);
        out.put("passed", !operatorMustAct);
        out.put("summary", summary);
        line.put("summary", summary);
        return out;
    }

    private Map<String, Object> turn(FailoverState state, Instant now, Map<String, Object> line) {
        Advance<FailoverState> next = workflow.advance(state, now);
        FailoverState after = next.state();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", Json.toMap(after));
        out.put("waitSeconds", next.nextCheckAfter().map(Duration::toSeconds).orElse(0L));
        out.put("done", next.isDone());
        line.put("plan", after.plan().planId());
        line.put("from", state.step().label());
        line.put("to", after.step().label());
        line.put("waitSeconds", out.get("waitSeconds"));
        if (next.isDone()) {
            boolean completed = after.step() == FailoverStep.DONE && !after.aborted();
            String summary = completed
                    ? "failover " + after.plan().planId() + " done: " + after.plan().to() + " is primary; RTO "
                    + after.rto() + ", data not yet replicated at the fence " + (after.dataLossBytes() < 0 ? "unknown" : after.dataLossBytes() + " bytes")
                    + DataLossWaiver.recordedIn(after.plan()).map(r -> "; " + r).orElse("")
                    : after.aborted() ? "failover " + after.plan().planId() + " " + after.failure()
                    : "failover " + after.plan().planId() + " halted at " + after.step().label() + ": " + after.failure()
                    + ". Resume: start the state machine with this state and \"resume\": true, or abort with \"abort\": \"<reason>\"";
            out.put("passed", completed || after.aborted());
            out.put("summary", summary);
            line.put("summary", summary);
            if (completed && after.rto() != null) {
                log.metrics(now, Map.of("FailoverRtoSeconds", after.rto().toSeconds()), "Seconds");
            }
        }
        return out;
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        Command command = parse(input);
        if (command instanceof Probe) {
            // then a login to the primary and a metric line: nothing changes anywhere
            return List.of(new PlannedCall("secretsmanager", AwsSettings.regionOf("ST_FAILOVER_DB_SECRET_ARN", failover.dbSecretArn()),
                    "GetSecretValue", Map.of("SecretId", failover.dbSecretArn())));
        }
        if (command instanceof Evaluate) {
            String region = settings.region();
            return List.of(new PlannedCall("dynamodb", region, "GetItem", Map.of("runKey", FailoverHistory.key(failover.group()).value())),
                    new PlannedCall("dynamodb", region, "PutItem", Map.of("runKey", "failover-plan/" + failover.group() + "-gen<n>",
                            "mode", failover.mode().name())));
        }
        FailoverStep step = command instanceof Continue c ? c.state().step() : FailoverStep.FENCE;
        RdsTopology.Node from = failover.topology().node(failover.from());
        RdsTopology.Node to = failover.topology().node(failover.to());
        return switch (step) {
            case FENCE -> failover.topology().mode() == RdsTopology.Mode.READ_REPLICA
                    ? List.of(new PlannedCall("rds", from.region(), "StopDBInstance", Map.of("DBInstanceIdentifier", from.identifier())))
                    : List.of();
            case PROMOTE -> List.of(new PlannedCall("rds", to.region(), switch (failover.topology().mode()) {
                case MULTI_AZ -> "RebootDBInstance";
                case READ_REPLICA -> "PromoteReadReplica";
                case AURORA_GLOBAL -> "FailoverGlobalCluster";
            }, Map.of("target", to.identifier())));
            case SWITCH_CACHE -> failover.cache().map(c -> List.of(new PlannedCall("elasticache", to.region(),
                    c instanceof FailoverSettings.Cache.GlobalDatastore ? "FailoverGlobalReplicationGroup" : "TestFailover",
                    Map.<String, Object>of("target", failover.to())))).orElse(List.of());
            case SWITCH_TRAFFIC -> List.of(new PlannedCall("route53", "global", "ChangeResourceRecordSets", Map.of(
                    "HostedZoneId", failover.record().hostedZoneId(), "Name", failover.record().name(),
                    "Value", failover.record().endpoints().get(failover.to()))));
            default -> List.of();
        };
    }

    @Override
    public List<String> requiredActions() {
        return requiredActions;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // warms Jackson on the state shape without calling AWS
        Instant t = clock.instant();
        FailoverPlan sample = new FailoverPlan("warmup-gen1", failover.group(), failover.from(), failover.to(), false, false, t,
                t.plusSeconds(60), List.of("priming"));
        Json.fromMap(Json.toMap(FailoverState.begin(sample, t)), FailoverState.class);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }
}

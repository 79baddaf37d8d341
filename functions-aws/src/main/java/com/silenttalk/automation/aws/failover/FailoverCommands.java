package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.DataLossWaiver;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.Signal;
import com.silenttalk.automation.core.workflow.Advance;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a failover step is given, as a command (the composite alarm's state change, an operator's forced evaluation,
 * an approval, or the previous turn's state), and what each does: the gate's evaluation (a plan stored for approval,
 * refused, or executed) and one turn of the workflow, each rendered as the step's output and log line.
 */
final class FailoverCommands {
    private final FailoverWiring f;
    private final FailoverSettings failover;
    private final LineLog log;

    FailoverCommands(FailoverWiring f, LineLog log) {
        this.f = f;
        this.failover = f.failover();
        this.log = log;
    }

    /** What an input asks for. */
    sealed interface Command permits Evaluate, Approve, Continue {
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
                return new Continue(state.resumed(f.clock().instant()));
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
        if (input.containsKey("detail-type")) {
            return alarmEvent(input);
        }
        throw new InvalidFieldException("input", "has none of state, approvePlan, alarm or detail-type");
    }

    @SuppressWarnings("unchecked")
    private Evaluate alarmEvent(Map<?, ?> input) {
        EventEnvelope e = EventEnvelope.parse((Map<String, Object>) input, Set.of("aws.cloudwatch"), Set.of("CloudWatch Alarm State Change"),
                f.settings().allowedAccounts());
        return new Evaluate(CompositeAlarmSignals.from(e, failover), e.id(), Optional.empty());
    }

    /** An operator's approval of a stored plan; an unknown, expired or used one is one "rejected" line, nothing changes. */
    FailoverPlan approve(Approve approve, Instant now) {
        try {
            return f.failOver().approve(approve.planId());
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
    }

    Map<String, Object> evaluate(Evaluate evaluate, Instant now, Map<String, Object> line) {
        FailoverHistory history = FailoverHistory.read(f.ledger(), failover.group());
        Duration replicaLag = f.lag().of(failover.topology().node(failover.to()));
        FailOver.TriggerResult result = f.failOver().trigger(failover.group(), failover.from(), failover.to(), evaluate.signals(),
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

    Map<String, Object> turn(FailoverState state, Instant now, Map<String, Object> line) {
        Advance<FailoverState> next = f.workflow().advance(state, now);
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

    /** What one turn of this command would call. */
    List<PlannedCall> plan(Command command) {
        if (command instanceof Evaluate) {
            String region = f.settings().region();
            return List.of(new PlannedCall("dynamodb", "GetItem", region, Map.of("runKey", FailoverHistory.key(failover.group()).value())),
                    new PlannedCall("dynamodb", "PutItem", region, Map.of("runKey", "failover-plan/" + failover.group() + "-gen<n>",
                            "mode", failover.mode().name())));
        }
        FailoverStep step = command instanceof Continue c ? c.state().step() : FailoverStep.FENCE;
        RdsTopology.Node from = failover.topology().node(failover.from());
        RdsTopology.Node to = failover.topology().node(failover.to());
        return switch (step) {
            case FENCE -> failover.topology().mode() == RdsTopology.Mode.READ_REPLICA
                    ? List.of(new PlannedCall("rds", "StopDBInstance", from.region(), Map.of("DBInstanceIdentifier", from.identifier())))
                    : List.of();
            case PROMOTE -> List.of(new PlannedCall("rds", switch (failover.topology().mode()) {
                case MULTI_AZ -> "RebootDBInstance";
                case READ_REPLICA -> "PromoteReadReplica";
                case AURORA_GLOBAL -> "FailoverGlobalCluster";
            }, to.region(), Map.of("target", to.identifier())));
            case SWITCH_CACHE -> failover.cache().map(c -> List.of(new PlannedCall("elasticache",
                    c instanceof FailoverSettings.Cache.GlobalDatastore ? "FailoverGlobalReplicationGroup" : "TestFailover", to.region(),
                    Map.<String, Object>of("target", failover.to())))).orElse(List.of());
            case SWITCH_TRAFFIC -> List.of(new PlannedCall("route53", "ChangeResourceRecordSets", "global", Map.of(
                    "HostedZoneId", failover.record().hostedZoneId(), "Name", failover.record().name(),
                    "Value", failover.record().endpoints().get(failover.to()))));
            default -> List.of();
        };
    }

}

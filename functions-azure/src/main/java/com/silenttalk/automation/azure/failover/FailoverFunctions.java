package com.silenttalk.automation.azure.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import com.silenttalk.automation.azure.runtime.DurableSteps;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertNormaliser;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.failover.DataLossWaiver;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.workflow.Advance;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Failover on Azure Functions: the Azure Monitor action group's webhook (common alert schema)
 * feeds one signal per alert rule to the gate; an approval endpoint executes a stored plan;
 * the chain runs as a Durable orchestration of the core's step loop, like the drill's
 * ("advance, wait on a durable timer as told, repeat until done"). Both HTTP triggers use auth
 * level FUNCTION.
 */
public final class FailoverFunctions {
    public static final String ORCHESTRATION = "Failover";
    public static final String ADVANCE_ACTIVITY = "FailoverAdvance";

    private final Supplier<FailoverWiring> wiring;

    public FailoverFunctions() {
        this(FailoverWiring::production);
    }

    FailoverFunctions(Supplier<FailoverWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName(ORCHESTRATION)
    public String orchestrate(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return run(ctx.getInput(String.class), DurableSteps.durable(ctx));
    }

    /** The orchestration's body: deterministic, no I/O of its own, every effect in the activity. */
    static String run(String stateJson, DurableSteps steps) {
        String state = stateJson;
        while (true) {
            FailoverTurn turn = Json.read(steps.call(ADVANCE_ACTIVITY, state), FailoverTurn.class);
            if (turn.done()) {
                FailoverState s = turn.state();
                return s.halted() ? "failover " + s.plan().planId() + " halted at " + s.step().label() + ": " + s.failure()
                        : "failover " + s.plan().planId() + " done, RTO " + s.rto()
                        + DataLossWaiver.recordedIn(s.plan()).map(forced -> "; " + forced).orElse("");
            }
            state = Json.write(turn.state());
            if (turn.waitSeconds() > 0) {
                steps.waitFor(Duration.ofSeconds(turn.waitSeconds()));
            }
        }
    }

    @FunctionName(ADVANCE_ACTIVITY)
    public String advance(@DurableActivityTrigger(name = "state") String stateJson, ExecutionContext context) {
        FailoverWiring w = wiring.get();
        FailoverState state = Json.read(stateJson, FailoverState.class);
        Advance<FailoverState> next = w.workflow().advance(state, w.clock().instant());
        FailoverState after = next.state();
        context.getLogger().info("failover-advance plan=" + after.plan().planId() + " step=" + state.step().label() + "->"
                + after.step().label() + (after.halted() ? " halted: " + after.failure() : "")
                + (next.isDone() ? " done" : " wait=" + next.nextCheckAfter().orElseThrow()));
        return Json.write(new FailoverTurn(after, next.nextCheckAfter().map(d -> Math.max(0, d.toSeconds())).orElse(0L), next.isDone()));
    }

    /** The action group's webhook: one alert rule fired or resolved; the gate looks at every configured signal. */
    @FunctionName("FailoverAlert")
    public HttpResponseMessage alert(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "failover/alert") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durable,
            ExecutionContext context) {
        FailoverWiring w = wiring.get();
        SignalAlert signal;
        try {
            signal = parseAlert(request.getBody().orElse(null), w.signals());
        } catch (InvalidFieldException e) {
            return badRequest(request, context, "failover-alert", e);
        }
        Alert alert = signal.alert();
        SignalKind kind = signal.kind();
        Instant now = w.clock().instant();
        w.signalLedger().record(w.group(), alert.name(), alert.isFiring(), alert.changedAt());
        FailOver.TriggerResult result = w.failOver().trigger(w.group(), w.from(), w.to(),
                w.signalLedger().current(w.group(), w.signals()), w.replicaLag().apply(w.to()), FailoverHistory.read(w.ledger(), w.group()), signal.waiver());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signal", alert.name());
        body.put("kind", kind.name());
        body.put("firing", alert.isFiring());
        body.put("verdict", result.decision().verdict().name());
        body.put("note", result.note());
        body.put("reasons", result.decision().reasons());
        result.plan().flatMap(DataLossWaiver::recordedIn).ifPresent(forced -> body.put("forced", forced));
        result.plan().ifPresent(p -> body.put("plan", p));
        if (result.newlyAwaitingApproval()) {
            RouteAlert.Result told = w.approvers().route(ApprovalNotice.of(result.plan().orElseThrow(), alert, now), false);
            body.put("approvers", told.deliveries().stream().map(o -> o.delivery().channel().name() + ":" + o.status()).toList());
        }
        context.getLogger().info("failover-alert signal=" + alert.name() + " firing=" + alert.isFiring() + " verdict="
                + result.decision().verdict() + " " + result.note() + result.plan().map(p -> " plan=" + p.planId()).orElse("")
                + (body.containsKey("approvers") ? " approvers=" + body.get("approvers") : "")
                + signal.waiver().map(waiver -> " allowDataLoss reason=" + waiver.reason()).orElse(""));
        if (result.execute()) {
            FailoverPlan plan = result.plan().orElseThrow();
            durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION, Json.write(FailoverState.begin(plan, now)),
                    plan.planId());
            return json(request, HttpStatus.ACCEPTED, body);
        }
        return json(request, HttpStatus.OK, body);
    }

    /** An operator's approval: {@code {"planId": "..."}}; unknown → 404, expired or already used → 409, nothing changed. */
    @FunctionName("FailoverApprove")
    public HttpResponseMessage approve(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "failover/approve") HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durable,
            ExecutionContext context) {
        FailoverWiring w = wiring.get();
        String planId;
        try {
            planId = parseApproval(request.getBody().orElse(null));
        } catch (InvalidFieldException e) {
            return badRequest(request, context, "failover-approve", e);
        }
        FailoverPlan plan;
        try {
            plan = w.failOver().approve(planId);
        } catch (InvalidFieldException e) {
            HttpStatus status = e.getMessage().contains("no failover plan") ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
            context.getLogger().warning("failover-approve rejected: " + e.getMessage());
            return json(request, status, Map.of("error", status == HttpStatus.NOT_FOUND ? "not found" : "conflict",
                    "field", "planId", "message", e.getMessage()));
        }
        String instanceId = durable.getClient().scheduleNewOrchestrationInstance(ORCHESTRATION,
                Json.write(FailoverState.begin(plan, w.clock().instant())), plan.planId());
        context.getLogger().info("failover-approve plan=" + plan.planId() + " orchestration=" + instanceId);
        return durable.createCheckStatusResponse(request, instanceId);
    }

    /**
     * An action-group payload on one of the configured signal rules.
     *
     * @param waiver an operator's forcing past the lag limit: the same payload re-sent with top-level
     *               {@code "allowDataLoss": true} and a non-empty {@code "reason"} (the action group never sends them)
     */
    public record SignalAlert(Alert alert, SignalKind kind, Optional<DataLossWaiver> waiver) {
    }

    /** The webhook's body checked as the function checks it: a firing or resolved Azure alert on a configured signal rule. */
    public static SignalAlert parseAlert(String body, Map<String, SignalKind> signals) {
        JsonNode tree = Json.tree(body, "body");
        Optional<DataLossWaiver> waiver = Optional.empty();
        if (tree instanceof ObjectNode object && (object.has("allowDataLoss") || object.has("reason"))) {
            waiver = DataLossWaiver.of(Json.MAPPER.convertValue(object.get("allowDataLoss"), Object.class),
                    Json.MAPPER.convertValue(object.get("reason"), Object.class));
            tree = object.deepCopy().without(List.of("allowDataLoss", "reason"));
        }
        Normalised normalised = new AlertNormaliser((field, json) -> Json.MAPPER.convertValue(Json.tree(json, field), Object.class))
                .normalise(Json.MAPPER.convertValue(tree, Object.class));
        if (!(normalised instanceof Normalised.Raised raised) || raised.alert().source().cloud() != AlertSource.Cloud.AZURE) {
            throw new InvalidFieldException("data.essentials.monitorCondition", normalised instanceof Normalised.Ignored i
                    ? i.reason() : "not an Azure Monitor common alert schema payload");
        }
        SignalKind kind = signals.get(raised.alert().name());
        if (kind == null) {
            throw new InvalidFieldException("data.essentials.alertRule", "'" + raised.alert().name()
                    + "' is not a failover signal (configured: " + signals.keySet() + ")");
        }
        return new SignalAlert(raised.alert(), kind, waiver);
    }

    /** An approval's body: {@code {"planId": "..."}} and nothing else; returns the plan id. */
    public static String parseApproval(String text) {
        JsonNode body = Json.tree(text, "body");
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("planId")) {
                throw new InvalidFieldException(f, "is not a field of an approval (only planId)");
            }
        });
        JsonNode id = body.path("planId");
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new InvalidFieldException("planId", id.isMissingNode() ? "is missing" : "must be a plan id string");
        }
        String planId = id.asText();
        if (!planId.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw new InvalidFieldException("planId", "'" + planId + "' is not a plan id");
        }
        return planId;
    }

    private static HttpResponseMessage badRequest(HttpRequestMessage<Optional<String>> request, ExecutionContext context,
                                                  String function, InvalidFieldException e) {
        context.getLogger().warning(function + " rejected: " + e.getMessage());
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", "bad request");
        error.put("field", e.field());
        error.put("message", e.getMessage());
        return json(request, HttpStatus.BAD_REQUEST, error);
    }

    private static HttpResponseMessage json(HttpRequestMessage<Optional<String>> request, HttpStatus status, Object body) {
        return request.createResponseBuilder(status).header("Content-Type", "application/json").body(Json.write(body)).build();
    }
}

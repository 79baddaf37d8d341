package com.silenttalk.automation.azure.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The action group's webhook receiver (HTTP POST /api/alerts, auth level FUNCTION: the key is in
 * the receiver's URL): validates the common alert schema, routes the alert to the channels, and
 * hands CPU and 5xx alerts on plans listed in {@code ST_SCALING_PLAN_IDS} to the scaling use case.
 *
 * <p>Bad input is a 400 naming the field, with nothing sent, kept or scaled. A channel that still
 * fails after its retries leaves a dead letter in Blob storage; the answer is then still 200, as
 * the alert is kept and a retry by the action group would only repeat the deliveries that worked.
 * A failure to route or scale at all (storage or ARM down) is an error the host answers with 500,
 * which the action group retries; the ledger makes the retry skip what was done.
 */
public final class AlertWebhookFunction {
    public static final String SWEEP_SCHEDULE = "0 */1 * * * *";

    private final Supplier<AlertingWiring> wiring;

    public AlertWebhookFunction() {
        this(AlertingWiring::production);
    }

    AlertWebhookFunction(Supplier<AlertingWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName("AlertWebhook")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "alerts") HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        Normalised normalised;
        try {
            normalised = CommonAlertWebhook.normalise(request.getBody().orElse(null));
        } catch (InvalidFieldException e) {
            context.getLogger().warning("alert-webhook rejected field=" + e.field() + ": " + e.getMessage());
            ObjectNode error = AlertJson.MAPPER.createObjectNode().put("error", "bad request").put("field", e.field())
                    .put("message", e.getMessage());
            return json(request, HttpStatus.BAD_REQUEST, error);
        }
        if (normalised instanceof Normalised.Ignored ignored) {
            context.getLogger().info("alert-webhook ignored: " + ignored.reason());
            return json(request, HttpStatus.OK, AlertJson.MAPPER.createObjectNode().put("ignored", ignored.reason()));
        }
        Alert alert = ((Normalised.Raised) normalised).alert();
        AlertingWiring w = wiring.get();
        RouteAlert.Result routed = w.route().route(alert, false);
        ObjectNode answer = AlertJson.MAPPER.createObjectNode().put("dedupeKey", alert.dedupeKey().value())
                .put("state", alert.state().name()).put("duplicate", routed.duplicateEvent());
        ArrayNode decisions = answer.putArray("decisions");
        routed.decisions().forEach(d -> decisions.add(RouteAlert.describe(d)));
        ArrayNode deliveries = answer.putArray("deliveries");
        for (RouteAlert.DeliveryOutcome o : routed.deliveries()) {
            deliveries.addObject().put("channel", o.delivery().channel().name()).put("action", o.delivery().action().name())
                    .put("status", o.status().name());
        }
        String scaled = scale(w, alert, answer.putObject("scaling"));
        context.getLogger().info("alert-webhook key=" + alert.dedupeKey() + " state=" + alert.state()
                + (routed.duplicateEvent() ? " duplicate" : "") + " sent=" + channels(routed, RouteAlert.Status.SENT)
                + " deadLettered=" + channels(routed, RouteAlert.Status.DEAD_LETTERED) + " scaling=" + scaled);
        return json(request, HttpStatus.OK, answer);
    }

    /** Releases held resolutions and post-flap firings that are due, whichever instance saw them. */
    @FunctionName("AlertSweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = SWEEP_SCHEDULE) String timerInfo, ExecutionContext context) {
        TimerInfo.parse(timerInfo);
        RouteAlert.Result swept = wiring.get().route().sweep(false);
        long released = swept.decisions().stream().filter(d -> d instanceof GateDecision.Deliver).count();
        context.getLogger().info("alert-sweep released=" + released + " sent=" + channels(swept, RouteAlert.Status.SENT)
                + " deadLettered=" + channels(swept, RouteAlert.Status.DEAD_LETTERED));
    }

    private static String scale(AlertingWiring w, Alert alert, ObjectNode out) {
        ScalingSignal signal = AlarmSignals.from(alert);
        Optional<ScalingTarget> target = w.plans().targetOf(alert);
        if (signal.kind() == ScalingSignal.Kind.NONE || target.isEmpty()) {
            String why = signal.kind() == ScalingSignal.Kind.NONE ? signal.reason()
                    : "the alert names no plan listed in ST_SCALING_PLAN_IDS";
            out.put("skipped", why);
            return "none";
        }
        ScaleOnAlarm.Result result = w.scaling().execute(target.get(), signal, OptionalInt.empty(), false);
        out.put("target", target.get().value()).put("signal", signal.kind().name())
                .put("direction", result.decision().direction().name()).put("current", result.decision().current())
                .put("desired", result.decision().target()).put("applied", result.applied())
                .put("duplicate", result.duplicate()).put("reason", result.decision().reason());
        return result.duplicate() ? "duplicate" : result.decision().direction() + " " + result.decision().current() + "->"
                + result.decision().target() + (result.applied() ? "" : " (not applied)");
    }

    private static String channels(RouteAlert.Result result, RouteAlert.Status status) {
        return result.deliveries().stream().filter(o -> o.status() == status).map(o -> o.delivery().channel().name())
                .collect(Collectors.joining(","));
    }

    private static HttpResponseMessage json(HttpRequestMessage<Optional<String>> request, HttpStatus status, ObjectNode body) {
        return request.createResponseBuilder(status).header("Content-Type", "application/json").body(body.toString()).build();
    }
}

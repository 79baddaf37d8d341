package com.silenttalk.automation.azure.alerting;

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
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import java.util.Optional;
import java.util.function.Supplier;

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
        AlertIntake intake = AlertIntake.take(wiring.get(), ((Normalised.Raised) normalised).alert(), context.getLogger());
        context.getLogger().info(intake.logLine());
        return json(request, HttpStatus.OK, intake.answer());
    }

    /** Releases held resolutions and post-flap firings that are due, whichever instance saw them. */
    @FunctionName("AlertSweep")
    public void sweep(@TimerTrigger(name = "timer", schedule = SWEEP_SCHEDULE) String timerInfo, ExecutionContext context) {
        TimerInfo.parse(timerInfo);
        RouteAlert.Result swept = wiring.get().route().sweep(false);
        long released = swept.decisions().stream().filter(d -> d instanceof GateDecision.Deliver).count();
        context.getLogger().info("alert-sweep released=" + released + " sent=" + AlertIntake.channels(swept, RouteAlert.Status.SENT)
                + " deadLettered=" + AlertIntake.channels(swept, RouteAlert.Status.DEAD_LETTERED));
    }

    private static HttpResponseMessage json(HttpRequestMessage<Optional<String>> request, HttpStatus status, ObjectNode body) {
        return request.createResponseBuilder(status).header("Content-Type", "application/json").body(body.toString()).build();
    }
}

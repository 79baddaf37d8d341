package com.silenttalk.automation.azure.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.azure.runtime.InvocationLog;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * What the alert webhook does with one raised alert: routes it to the channels, and hands a CPU or
 * 5xx alert on a plan listed in {@code ST_SCALING_PLAN_IDS} to the scaling use case.
 *
 * @param answer  the HTTP answer's body (decisions, deliveries, scaling)
 * @param logLine the function's one log line
 */
public record AlertIntake(ObjectNode answer, String logLine) {

    /** @param log the invocation's log: a deployment marker the routing skips is a line there */
    public static AlertIntake take(AlertingWiring w, Alert alert, Logger log) {
        RouteAlert.Result routed = InvocationLog.within(log, () -> w.route().route(alert, false));
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
        return new AlertIntake(answer, "alert-webhook key=" + alert.dedupeKey() + " state=" + alert.state()
                + (routed.duplicateEvent() ? " duplicate" : "") + " sent=" + channels(routed, RouteAlert.Status.SENT)
                + " deadLettered=" + channels(routed, RouteAlert.Status.DEAD_LETTERED) + " scaling=" + scaled);
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

    /** The channels whose delivery ended in {@code status}, comma-separated. */
    static String channels(RouteAlert.Result result, RouteAlert.Status status) {
        return result.deliveries().stream().filter(o -> o.status() == status).map(o -> o.delivery().channel().name())
                .collect(Collectors.joining(","));
    }
}

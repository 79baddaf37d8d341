package com.silenttalk.automation.aws.alerting;

import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction.Rendered;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the alarm notifier is given and what it does with it: the one-minute schedule sweeps what the gate holds and
 * is now due; an alarm's state change is normalised, gated, routed and delivered ({@link RouteAlert}); an event that
 * carries no alert (INSUFFICIENT_DATA) is ignored, saying why.
 */
final class AlarmRouting {
    static final String SAMPLE = """
            {"version":"0","id":"priming","detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch",
             "account":"000000000000","time":"2026-01-01T00:00:00Z","region":"eu-west-1",
             "resources":["arn:aws:cloudwatch:eu-west-1:000000000000:alarm:priming"],
             "detail":{"alarmName":"priming","state":{"value":"ALARM","reason":"priming","timestamp":"2026-01-01T00:00:00.000+0000"},
              "previousState":{"value":"OK","reason":"priming","timestamp":"2025-12-31T23:00:00.000+0000"},
              "configuration":{"metrics":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/ECS","name":"CPUUtilization",
               "dimensions":{"ClusterName":"priming"}},"period":300,"stat":"Average"},"returnData":true}]}}}""";

    private AlarmRouting() {
    }

    /** The schedule's event (a sweep), or the alert in the event, or why it carries none; rejects anything else. */
    static Object parse(Map<String, Object> event, AlertEventReader reader, AwsSettings settings) {
        if (event != null && "aws.events".equals(event.get("source")) && "Scheduled Event".equals(event.get("detail-type"))) {
            return EventEnvelope.parse(event, Set.of("aws.events"), Set.of("Scheduled Event"), settings.allowedAccounts());
        }
        if (event == null) {
            throw new InvalidFieldException("event", "is empty");
        }
        Normalised normalised = reader.normalise(event);
        if (normalised instanceof Normalised.Raised raised && !settings.allowedAccounts().contains(raised.alert().account())) {
            throw new InvalidFieldException("account", "'" + raised.alert().account() + "' is not an allowed account");
        }
        return normalised;
    }

    static List<PlannedCall> plan(AlertingWiring alerting, Object command) {
        if (command instanceof EventEnvelope) {
            return List.of(new PlannedCall("gate", "sweep", alerting.settings().region(),
                    Map.of("releases", "held resolutions and post-flap firings now due")));
        }
        if (!(command instanceof Normalised.Raised raised)) {
            return List.of();
        }
        return alerting.scalingOf(raised.alert()).map(s -> s.plan(raised.alert())).orElseGet(() -> alerting.plannedRoute(raised.alert()));
    }

    /** A failure sends the whole event to the function's DLQ: the line says which alarm (and, when routed, its key) and why. */
    static Optional<Map<String, Object>> failureLine(AlertingWiring alerting, Object command, RuntimeException e) {
        if (!(command instanceof Normalised.Raised raised)) {
            return Optional.empty();
        }
        String failed = e.getClass().getSimpleName() + ": " + e.getMessage();
        Alert alert = raised.alert();
        return Optional.of(alerting.scalingOf(alert).isPresent() ? Map.of("alarm", alert.name(), "failed", failed)
                : Map.of("alarm", alert.name(), "dedupeKey", alert.dedupeKey().value(), "failed", failed));
    }

    static Rendered render(AlertingWiring alerting, Object command, Instant now, LineLog log) {
        if (command instanceof EventEnvelope sweep) {
            RouteAlert.Result result = alerting.route(alerting.gate()).sweep(false);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("function", AlarmNotificationHandler.NAME);
            out.put("event", sweep.id());
            out.put("sweep", result.decisions().size());
            out.put("sent", AlertingWiring.channels(result, RouteAlert.Status.SENT));
            out.put("deadLettered", AlertingWiring.channels(result, RouteAlert.Status.DEAD_LETTERED));
            return Rendered.logged(out, out);
        }
        if (command instanceof Normalised.Ignored ignored) {
            return Rendered.logged(Map.of("function", AlarmNotificationHandler.NAME, "ignored", ignored.reason()),
                    Map.of("ignored", ignored.reason()));
        }
        Alert alert = ((Normalised.Raised) command).alert();
        if (alerting.scalingOf(alert).isPresent()) {
            // a CPU alarm on a service ST_SCALING_SERVICES lists drives scaling instead of paging anyone
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("function", AlarmNotificationHandler.NAME);
            out.put("alarm", alert.name());
            out.put("state", alert.state().name());
            out.put("scaling", alerting.scalingOf(alert).get().scale(alert));
            return Rendered.logged(out, out);
        }
        RouteAlert.Result result = alerting.route(alerting.gate()).route(alert, false);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", AlarmNotificationHandler.NAME);
        out.put("alarm", alert.name());
        out.put("state", alert.state().name());
        out.put("dedupeKey", alert.dedupeKey().value());
        if (result.duplicateEvent()) {
            out.put("duplicate", true);
            return Rendered.logged(out, out);
        }
        out.put("decisions", result.decisions().stream().map(RouteAlert::describe).toList());
        out.put("sent", AlertingWiring.channels(result, RouteAlert.Status.SENT));
        List<String> deadLettered = AlertingWiring.channels(result, RouteAlert.Status.DEAD_LETTERED);
        out.put("deadLettered", deadLettered);
        if (deadLettered.isEmpty()) {
            return Rendered.logged(out, out);
        }
        // what a channel did not take went to the undelivered-alerts queue: an ERROR line and the metric
        log.metrics(now, Map.of("AlertsDeadLettered", deadLettered.size()), "Count");
        return Rendered.loggedAsError(out, out);
    }
}

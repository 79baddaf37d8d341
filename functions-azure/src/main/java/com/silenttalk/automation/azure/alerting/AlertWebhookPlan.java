package com.silenttalk.automation.azure.alerting;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.azure.runtime.Invocable;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.azure.scaling.AppServicePlanScaler;
import com.silenttalk.automation.azure.scaling.ScalablePlans;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.ledger.ReadOnlyLedger;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code opsctl invoke --cloud azure --function alert-webhook --event FILE --dry-run}: validates
 * the payload exactly as the function does and lists what it would do with the built-in rules:
 * one webhook POST per planned delivery (the channel by name, never its URL), and the plan read
 * and write when the alert is a scaling signal naming a plan. It sends, writes and scales nothing.
 */
public final class AlertWebhookPlan implements Invocable {
    private final Clock clock;

    public AlertWebhookPlan(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<PlannedCall> plan(String event) {
        Normalised normalised = CommonAlertWebhook.normalise(event);
        if (!(normalised instanceof Normalised.Raised raised)) {
            return List.of();
        }
        Alert alert = raised.alert();
        List<PlannedCall> calls = new ArrayList<>(plannedDeliveries(alert, clock));
        ScalingSignal signal = AlarmSignals.from(alert);
        String named = alert.tags().getOrDefault(ScalablePlans.TARGET_PROPERTY, alert.resource());
        Optional<String> plan = ScalablePlans.planPathOf(named);
        if (signal.kind() != ScalingSignal.Kind.NONE && plan.isPresent()) {
            String target = plan.get() + "?api-version=" + AppServicePlanScaler.API_VERSION;
            calls.add(new PlannedCall("arm", "GET", target, Map.of()));
            calls.add(new PlannedCall("arm", "PUT (only if " + ScalablePlans.SETTING + " lists the plan and the decider changes"
                    + " the count)", target, Map.of("signal", signal.kind().name())));
        }
        return calls;
    }

    /** One webhook POST per delivery the built-in rules would make for this alert (the channel by name, never its URL). */
    public static List<PlannedCall> plannedDeliveries(Alert alert, Clock clock) {
        AlertingConfig config = AlertRulesFile.loadDefault();
        RouteAlert dryRun = new RouteAlert(new AlertGate(config.suppression()), config.rules(), List.of(),
                (delivery, reason, at) -> {
                    throw new IllegalStateException("a dry-run keeps no dead letter");
                }, ReadOnlyLedger.empty(), now -> List.of(), config.maintenance(), clock);
        List<PlannedCall> calls = new ArrayList<>();
        for (RouteAlert.DeliveryOutcome o : dryRun.route(alert, true).deliveries()) {
            calls.add(new PlannedCall("webhook", "POST", o.delivery().channel().kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " channel " + o.delivery().channel().name(), Map.of("rule", o.delivery().rule(),
                    "action", o.delivery().action().name())));
        }
        return calls;
    }

    @Override
    public void run(String event, ExecutionContext context) {
        CommonAlertWebhook.normalise(event);
        throw new InvalidFieldException("--dry-run", "the alert webhook runs in the function app (POST /api/alerts); "
                + "plan it here with --dry-run, or route it locally with opsctl alert route");
    }
}

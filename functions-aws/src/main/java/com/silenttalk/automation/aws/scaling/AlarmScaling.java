package com.silenttalk.automation.aws.scaling;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingPolicy;
import com.silenttalk.automation.core.scaling.ScalingSignal;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * CPU alarms on the ECS services {@link ScalableServices} lists, handed to the core's {@link ScaleOnAlarm} (the
 * desired count through {@link EcsCapacityScaler}, the drills and failovers in progress from the ledger through
 * {@link DynamoDbActiveOperations}), as Azure's alert function does with its App Service plans. An alarm on a
 * service that is not listed, or an alarm that is not a scaling alarm (its name ends in {@code -scale-out} or
 * {@code -scale-in}, as the app stack names its four), is not this class's: the notifier routes it to people as
 * before, so the suite's own CPU and memory alarms on a listed service still page.
 */
public final class AlarmScaling {
    private final ScalableServices services;
    private final ScaleOnAlarm scaling;
    private final String region;

    public AlarmScaling(ScalableServices services, ScaleOnAlarm scaling, String region) {
        this.services = Objects.requireNonNull(services, "services");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        this.region = Objects.requireNonNull(region, "region");
    }

    /** Whether the alarm is a scaling alarm on a listed service, so it scales instead of being routed. */
    public boolean handles(Alert alert) {
        return isScalingAlarm(alert) && services.targetOf(alert).isPresent();
    }

    static boolean isScalingAlarm(Alert alert) {
        return alert.name().endsWith("-scale-out") || alert.name().endsWith("-scale-in");
    }

    /** Decides and applies; what was decided and why, in the handler's output. Call only when {@link #handles}. */
    public Map<String, Object> scale(Alert alert) {
        ScalingTarget target = services.targetOf(alert).orElseThrow(() -> new IllegalArgumentException(
                "alarm " + alert.name() + " is not on a service listed in " + ScalableServices.SETTING));
        ScalingSignal signal = AlarmSignals.from(alert);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", target.value());
        out.put("signal", signal.kind().name());
        if (signal.kind() == ScalingSignal.Kind.NONE) {
            out.put("skipped", signal.reason());
            return out;
        }
        ScaleOnAlarm.Result result = scaling.execute(target, signal, OptionalInt.empty(), false);
        out.put("direction", result.decision().direction().name());
        out.put("current", result.decision().current());
        out.put("desired", result.decision().target());
        out.put("applied", result.applied());
        out.put("duplicate", result.duplicate());
        out.put("reason", result.decision().reason());
        return out;
    }

    /** A dry run calls nothing: it names the read and the change that may follow. */
    public List<PlannedCall> plan(Alert alert) {
        Optional<ScalingTarget> target = services.targetOf(alert);
        ScalingSignal signal = AlarmSignals.from(alert);
        if (!isScalingAlarm(alert) || target.isEmpty() || signal.kind() == ScalingSignal.Kind.NONE) {
            return List.of();
        }
        String[] cs = target.get().value().split("/", 2);
        return List.of(new PlannedCall("ecs", "DescribeServices", region, Map.of("cluster", cs[0], "services", List.of(cs[1]))),
                new PlannedCall("ecs", "UpdateService", region, Map.of("cluster", cs[0], "service", cs[1],
                        "desiredCount", "one step " + (signal.kind() == ScalingSignal.Kind.CPU_LOW ? "in" : "out")
                                + " unless the cooldown, the bounds or a drill or failover in progress holds it")));
    }

    /** ECS, the ledger's scan for drills and failovers in progress. */
    public static List<String> requiredActions() {
        return Stream.of(EcsCapacityScaler.REQUIRED_ACTIONS, DynamoDbActiveOperations.REQUIRED_ACTIONS).flatMap(List::stream).toList();
    }

    /** The notifier's scaling from its environment: none while {@code ST_SCALING_SERVICES} is empty (native scaling rules). */
    public static Optional<AlarmScaling> wire(AwsWiring w, Map<String, String> env) {
        ScalableServices services = ScalableServices.parse(env.get(ScalableServices.SETTING));
        if (services.isEmpty()) {
            return Optional.empty();
        }
        String region = w.settings().region();
        ScaleOnAlarm scaling = new ScaleOnAlarm(new EcsCapacityScaler(w.clients().ecs(region)),
                new DynamoDbActiveOperations(w.clients().dynamoDb(region), w.settings().ledgerTable()), DynamoDbRunLedger.of(w),
                ScalingPolicy.DEFAULT, w.clock());
        return Optional.of(new AlarmScaling(services, scaling, region));
    }
}

package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.dryrun.PlannedCall;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ScaleOnAlarm} decided for one signal and the calls on the {@link CapacityScaler} that carry it out, in
 * order, named before any change is made: a dry-run returns it, a real run makes these calls and no other.
 *
 * @param calls the count's read (when the caller did not know it) and the new desired count (when the decision changes it)
 */
public record ScalingPlan(ScalingTarget target, ScalingSignal signal, ScalingDecision decision, List<PlannedCall> calls) {
    /** The service the calls go to: the capacity of the target, whatever the runner keeps it in. */
    public static final String CAPACITY = "capacity";

    public ScalingPlan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(decision, "decision");
        calls = List.copyOf(calls);
    }

    /** {@link CapacityScaler#currentCount}, as a plan names it. */
    public static PlannedCall readCount(ScalingTarget target) {
        return new PlannedCall(CAPACITY, "currentCount", target.value(), Map.of());
    }

    /** {@link CapacityScaler#setDesiredCount}, as a plan names it. */
    public static PlannedCall setDesiredCount(ScalingTarget target, int count) {
        return new PlannedCall(CAPACITY, "setDesiredCount", target.value(), Map.of("count", count));
    }
}

package com.silenttalk.automation.core.scaling;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.util.Objects;

/**
 * The scaling rules: one step out when CPU stays above {@code scaleOutCpu} for {@code sustain},
 * one step in when it stays below {@code scaleInCpu} as long; never outside
 * [{@code minCount}, {@code maxCount}]; no change within {@code cooldown} of the last one.
 */
public record ScalingPolicy(int minCount, int maxCount, int step, double scaleOutCpu, double scaleInCpu,
                            Duration sustain, Duration cooldown) {

    public static final ScalingPolicy DEFAULT =
            new ScalingPolicy(3, 10, 1, 70.0, 30.0, Duration.ofMinutes(5), Duration.ofMinutes(10));

    public ScalingPolicy {
        if (minCount < 1) {
            throw new InvalidFieldException("scaling.minCount", "must be at least 1");
        }
        if (maxCount < minCount) {
            throw new InvalidFieldException("scaling.maxCount", "must not be below minCount");
        }
        if (step < 1 || step > maxCount - minCount + 1) {
            throw new InvalidFieldException("scaling.step", "must be 1.." + (maxCount - minCount + 1));
        }
        if (!(scaleInCpu >= 0 && scaleInCpu < scaleOutCpu && scaleOutCpu <= 100)) {
            throw new InvalidFieldException("scaling.scaleInCpu", "must be 0 <= scaleInCpu < scaleOutCpu <= 100");
        }
        Objects.requireNonNull(sustain, "sustain");
        Objects.requireNonNull(cooldown, "cooldown");
        if (sustain.isNegative() || sustain.isZero()) {
            throw new InvalidFieldException("scaling.sustain", "must be positive");
        }
        if (cooldown.isNegative()) {
            throw new InvalidFieldException("scaling.cooldown", "must not be negative");
        }
    }
}

package com.silenttalk.automation.core.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure scaling decisions. Order of the rules:
 * <ol>
 *   <li>within the cooldown of the last change: hold;</li>
 *   <li>a count outside the bounds is brought back inside (one change);</li>
 *   <li>CPU high or the 5xx alarm: one step out, up to the maximum;</li>
 *   <li>CPU low: one step in, down to the minimum — but never while a drill or failover runs;</li>
 *   <li>anything else: hold.</li>
 * </ol>
 */
public final class ScalingDecider {
    private ScalingDecider() {
    }

    /**
     * @param lastChangeAt when the count last changed (by us), if known
     * @param running      drills and failovers in progress (from {@link ActiveOperations})
     */
    public static ScalingDecision decide(ScalingPolicy policy, int current, ScalingSignal signal,
                                         Optional<Instant> lastChangeAt, List<String> running, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(lastChangeAt, "lastChangeAt");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(now, "now");
        if (current < 0) {
            throw new IllegalArgumentException("current count is negative: " + current);
        }
        if (lastChangeAt.isPresent() && now.isBefore(lastChangeAt.get().plus(policy.cooldown()))) {
            return hold(current, "cooldown: last change at " + lastChangeAt.get() + ", next allowed at "
                    + lastChangeAt.get().plus(policy.cooldown()) + " (" + signal.reason() + ")");
        }
        if (current < policy.minCount()) {
            return new ScalingDecision(ScalingDecision.Direction.OUT, current, policy.minCount(),
                    "below the minimum " + policy.minCount());
        }
        if (current > policy.maxCount()) {
            if (!running.isEmpty()) {
                return hold(current, "above the maximum, but no scale-in while " + String.join(", ", running) + " runs");
            }
            return new ScalingDecision(ScalingDecision.Direction.IN, current, policy.maxCount(),
                    "above the maximum " + policy.maxCount());
        }
        return switch (signal.kind()) {
            case CPU_HIGH, ERROR_RATE_HIGH -> current >= policy.maxCount()
                    ? hold(current, "at the maximum " + policy.maxCount() + " (" + signal.reason() + ")")
                    : new ScalingDecision(ScalingDecision.Direction.OUT, current,
                            Math.min(policy.maxCount(), current + policy.step()), signal.reason());
            case CPU_LOW -> {
                if (!running.isEmpty()) {
                    yield hold(current, "no scale-in while " + String.join(", ", running) + " runs (" + signal.reason() + ")");
                }
                yield current <= policy.minCount()
                        ? hold(current, "at the minimum " + policy.minCount() + " (" + signal.reason() + ")")
                        : new ScalingDecision(ScalingDecision.Direction.IN, current,
                                Math.max(policy.minCount(), current - policy.step()), signal.reason());
            }
            case NONE -> hold(current, signal.reason());
        };
    }

    /**
     * Classifies CPU datapoints: HIGH when every sample of the last {@code sustain} is above the
     * scale-out threshold and they cover the period (the oldest is at least {@code sustain} minus
     * one sample interval old), LOW likewise below the scale-in threshold, NONE otherwise.
     */
    public static ScalingSignal.Kind classify(ScalingPolicy policy, List<CpuSample> samples, Instant now) {
        Instant from = now.minus(policy.sustain());
        List<CpuSample> window = samples.stream()
                .filter(s -> s.at().isAfter(from) && !s.at().isAfter(now))
                .sorted(Comparator.comparing(CpuSample::at))
                .toList();
        if (window.size() < 2) {
            return ScalingSignal.Kind.NONE;
        }
        Duration interval = Duration.between(window.get(window.size() - 2).at(), window.get(window.size() - 1).at());
        boolean covered = !window.get(0).at().isAfter(from.plus(interval));
        if (!covered) {
            return ScalingSignal.Kind.NONE;
        }
        if (window.stream().allMatch(s -> s.percent() > policy.scaleOutCpu())) {
            return ScalingSignal.Kind.CPU_HIGH;
        }
        if (window.stream().allMatch(s -> s.percent() < policy.scaleInCpu())) {
            return ScalingSignal.Kind.CPU_LOW;
        }
        return ScalingSignal.Kind.NONE;
    }

    private static ScalingDecision hold(int current, String reason) {
        return new ScalingDecision(ScalingDecision.Direction.HOLD, current, current, reason);
    }
}

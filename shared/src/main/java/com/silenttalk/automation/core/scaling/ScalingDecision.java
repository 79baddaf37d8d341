package com.silenttalk.automation.core.scaling;

import java.util.Objects;

/** The decider's answer: the target count and why. {@code target == current} for HOLD. */
public record ScalingDecision(Direction direction, int current, int target, String reason) {
    public enum Direction { OUT, IN, HOLD }

    public ScalingDecision {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(reason, "reason");
        if ((direction == Direction.HOLD) != (current == target)
                || (direction == Direction.OUT && target < current) || (direction == Direction.IN && target > current)) {
            throw new IllegalArgumentException(direction + " from " + current + " to " + target);
        }
    }

    public boolean changes() {
        return direction != Direction.HOLD;
    }
}

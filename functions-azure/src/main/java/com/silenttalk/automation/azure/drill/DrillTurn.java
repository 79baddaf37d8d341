package com.silenttalk.automation.azure.drill;

import com.silenttalk.automation.core.drill.DrillState;
import java.util.Objects;

/** One activity turn handed back to the orchestration: the new state, and how long to wait or that it is done. */
public record DrillTurn(DrillState state, long waitSeconds, boolean done) {
    public DrillTurn {
        Objects.requireNonNull(state, "state");
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("waitSeconds must not be negative");
        }
    }
}

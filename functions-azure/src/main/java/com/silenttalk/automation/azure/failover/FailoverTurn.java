package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.core.failover.FailoverState;
import java.util.Objects;

/** One activity turn handed back to the failover orchestration: the new state, and how long to wait or that it is done. */
public record FailoverTurn(FailoverState state, long waitSeconds, boolean done) {
    public FailoverTurn {
        Objects.requireNonNull(state, "state");
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("waitSeconds must not be negative");
        }
    }
}

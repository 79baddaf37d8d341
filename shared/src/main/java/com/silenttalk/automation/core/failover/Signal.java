package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;

/**
 * One observation of the primary's health.
 *
 * @param failingSince when this signal last turned failing (null while healthy)
 * @param changesInWindow how many times it changed state within the policy's flap window
 */
public record Signal(String name, SignalKind kind, boolean failing, Instant failingSince, int changesInWindow) {
    public Signal {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("signal.name", "must not be blank");
        }
        if (kind == null) {
            throw new InvalidFieldException("signal.kind", "must be one of HEALTH_CHECK, REACHABILITY, ALARM");
        }
        if (failing && failingSince == null) {
            throw new InvalidFieldException("signal.failingSince", "a failing signal needs the time it started failing");
        }
        if (changesInWindow < 0) {
            throw new InvalidFieldException("signal.changesInWindow", "must not be negative");
        }
    }

    public static Signal failing(String name, SignalKind kind, Instant since) {
        return new Signal(name, kind, true, since, 1);
    }

    public static Signal healthy(String name, SignalKind kind) {
        return new Signal(name, kind, false, null, 0);
    }
}

package com.silenttalk.automation.core.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;

/**
 * When a failover is allowed.
 *
 * @param quorum         distinct signal kinds that must agree; at least 2, so one alarm is never enough
 * @param alarmSustain   how long an alarm must have been failing to count
 * @param maxReplicaLag  the RPO: more lag than this needs an operator's allowDataLoss
 * @param cooldown       minimum time between two failovers
 * @param maxFlaps       a signal that changed state this often within flapWindow is flapping and does not count
 * @param approvalTtl    how long a plan waits for an operator's approval before it expires
 */
public record FailoverPolicy(int quorum, Duration alarmSustain, Duration maxReplicaLag, Duration cooldown,
                             int maxFlaps, Duration flapWindow, FailoverMode mode, Duration approvalTtl) {
    public FailoverPolicy {
        if (quorum < 2 || quorum > SignalKind.values().length) {
            throw new InvalidFieldException("quorum", "must be 2 or 3 (a single signal is never enough), got " + quorum);
        }
        positive("alarmSustain", alarmSustain);
        positive("maxReplicaLag", maxReplicaLag);
        positive("cooldown", cooldown);
        positive("flapWindow", flapWindow);
        positive("approvalTtl", approvalTtl);
        if (maxFlaps < 2) {
            throw new InvalidFieldException("maxFlaps", "must be at least 2, got " + maxFlaps);
        }
        if (mode == null) {
            throw new InvalidFieldException("mode", "must be AUTOMATIC, APPROVAL_REQUIRED or DRY_RUN");
        }
    }

    /** The platform's defaults: RPO 6 h, alarms sustained 3 min, 1 h cooldown, approval required. */
    public static FailoverPolicy defaults() {
        return new FailoverPolicy(2, Duration.ofMinutes(3), Duration.ofHours(6), Duration.ofHours(1), 4,
                Duration.ofMinutes(10), FailoverMode.APPROVAL_REQUIRED, Duration.ofMinutes(30));
    }

    public FailoverPolicy withMode(FailoverMode m) {
        return new FailoverPolicy(quorum, alarmSustain, maxReplicaLag, cooldown, maxFlaps, flapWindow, m, approvalTtl);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidFieldException(field, "must be a positive duration, got " + d);
        }
    }
}

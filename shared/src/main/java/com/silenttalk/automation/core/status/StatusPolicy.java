package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.drill.DrillTargets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What "safe" means, in figures.
 *
 * @param snapshotGrace     a snapshot is late once it is older than the RPO target plus this (taking the next one takes time)
 * @param drillMaxAge       the last drill must be at most this old (drills run monthly by default)
 * @param rotationInterval  a secret is due this long after its last successful rotation
 * @param failoverCooldown  after a failover, the next one waits this long (the gate's cooldown)
 * @param deadLetterHorizon dead-lettered alerts younger than this count (nothing replays them yet)
 * @param copyRegions       regions that must hold a copy of every database's newest snapshot
 */
public record StatusPolicy(DrillTargets targets, Duration snapshotGrace, Duration drillMaxAge, Duration rotationInterval,
                           Duration failoverCooldown, Duration deadLetterHorizon, List<String> copyRegions) {
    public static final Duration DEFAULT_SNAPSHOT_GRACE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_DRILL_MAX_AGE = Duration.ofDays(35);
    public static final Duration DEFAULT_ROTATION_INTERVAL = Duration.ofDays(30);
    public static final Duration DEFAULT_FAILOVER_COOLDOWN = Duration.ofHours(1);
    public static final Duration DEFAULT_DEAD_LETTER_HORIZON = Duration.ofDays(7);

    public StatusPolicy {
        Objects.requireNonNull(targets, "targets");
        positive("status.snapshotGrace", snapshotGrace, true);
        positive("status.drillMaxAge", drillMaxAge, false);
        positive("status.rotationInterval", rotationInterval, false);
        positive("status.failoverCooldown", failoverCooldown, true);
        positive("status.deadLetterHorizon", deadLetterHorizon, false);
        if (copyRegions == null || copyRegions.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new InvalidFieldException("copyRegions", "must be a list of region names (may be empty)");
        }
        copyRegions = List.copyOf(copyRegions);
    }

    public static StatusPolicy defaults(DrillTargets targets, List<String> copyRegions) {
        return new StatusPolicy(targets, DEFAULT_SNAPSHOT_GRACE, DEFAULT_DRILL_MAX_AGE, DEFAULT_ROTATION_INTERVAL,
                DEFAULT_FAILOVER_COOLDOWN, DEFAULT_DEAD_LETTER_HORIZON, copyRegions);
    }

    private static void positive(String field, Duration d, boolean zeroAllowed) {
        if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new InvalidFieldException(field, "must be a " + (zeroAllowed ? "non-negative" : "positive") + " duration, got " + d);
        }
    }
}

package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.util.List;

/**
 * How often to snapshot, how long to keep, and where copies go.
 *
 * @param minVerifiedKept the newest this-many verified snapshots of each database, per region, are never deleted
 */
public record BackupPolicy(Duration interval, Duration retention, int minVerifiedKept, List<String> copyTargets) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public BackupPolicy {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidFieldException("interval", "must be a positive duration, got " + interval);
        }
        if (interval.compareTo(Duration.ofMinutes(15)) < 0) {
            throw new InvalidFieldException("interval", "must be at least 15m, got " + interval);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new InvalidFieldException("retention", "must be a positive duration, got " + retention);
        }
        if (retention.compareTo(interval) < 0) {
            throw new InvalidFieldException("retention", "(" + retention + ") must not be shorter than interval (" + interval + ")");
        }
        if (minVerifiedKept < 1) {
            throw new InvalidFieldException("minVerifiedKept", "must be at least 1, got " + minVerifiedKept);
        }
        if (copyTargets == null) {
            throw new InvalidFieldException("copyTargets", "must be a list (may be empty)");
        }
        for (String target : copyTargets) {
            if (target == null || target.isBlank()) {
                throw new InvalidFieldException("copyTargets", "must not contain a blank region");
            }
        }
        copyTargets = List.copyOf(copyTargets);
    }

    public static BackupPolicy defaults(List<String> copyTargets) {
        return new BackupPolicy(DEFAULT_INTERVAL, DEFAULT_RETENTION, 1, copyTargets);
    }

    /** Snapshots one database accumulates in one region under this policy; the AWS quota check uses it. */
    public long steadyStateSnapshotCount() {
        return retention.toSeconds() / interval.toSeconds() + 1;
    }
}

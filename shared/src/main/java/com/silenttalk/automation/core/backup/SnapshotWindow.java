package com.silenttalk.automation.core.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The schedule window an instant falls in. Snapshot names derive from it, so a second
 * trigger in the same window asks for the same name and becomes a no-op.
 */
public record SnapshotWindow(Instant start, Duration length) {
    /** Prefix of every snapshot the suite creates; the planner never deletes anything else. */
    public static final String SUITE_PREFIX = "st-auto-";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm'z'").withZone(ZoneOffset.UTC);

    public SnapshotWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length must be positive");
        }
    }

    public static SnapshotWindow containing(Instant instant, Duration length) {
        long size = length.getSeconds();
        if (size <= 0) {
            throw new IllegalArgumentException("window length must be at least one second");
        }
        long epoch = instant.getEpochSecond();
        return new SnapshotWindow(Instant.ofEpochSecond(Math.floorDiv(epoch, size) * size), length);
    }

    public Instant end() {
        return start.plus(length);
    }

    public SnapshotId snapshotIdFor(DatabaseId database) {
        return new SnapshotId(SUITE_PREFIX + database.value() + "-" + STAMP.format(start));
    }

    /** Run keys for the ledger: one per database and window. */
    public String runKeyFor(String action, DatabaseId database) {
        return action + "/" + database.value() + "/" + STAMP.format(start);
    }
}

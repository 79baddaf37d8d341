package com.silenttalk.automation.core.backup;

/**
 * How far a restored table's row count may drift from the count in the manifest. Needed when
 * the counts were read shortly before a storage-level snapshot rather than inside it: rows
 * committed between the count and the snapshot's (unknowable) point are legitimately in the copy.
 *
 * @param fraction drift allowed relative to the expected count, 0..1
 * @param rows     drift always allowed, however small the table
 */
public record CountTolerance(double fraction, long rows) {
    public CountTolerance {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("count tolerance fraction must be between 0 and 1, got " + fraction);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("count tolerance rows must not be negative, got " + rows);
        }
    }

    /** The largest difference accepted for a table that had {@code expected} rows. */
    public long allowedDrift(long expected) {
        return Math.max(rows, (long) Math.ceil(Math.abs(expected) * fraction));
    }

    public boolean accepts(long expected, long actual) {
        return Math.abs(actual - expected) <= allowedDrift(expected);
    }

    public String describe() {
        return "±max(" + rows + " rows, " + (fraction * 100) + "%)";
    }
}

package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What was true of the database at the snapshot's consistent point, captured in the same
 * database snapshot as the backup itself. Restores are checked against it.
 *
 * @param rowCounts exact rows per table ("schema.table"), counted inside the exported snapshot
 * @param sha256    of the backup artifact, hex
 */
public record SnapshotManifest(
        SnapshotId snapshotId,
        DatabaseId database,
        Instant consistentPoint,
        String serverVersion,
        String schemaFingerprint,
        Map<String, Long> rowCounts,
        String sha256,
        long sizeBytes) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SnapshotManifest {
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(consistentPoint, "consistentPoint");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(rowCounts, "rowCounts");
        if (sha256 == null || !HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative");
        }
        rowCounts = Map.copyOf(new TreeMap<>(rowCounts));
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}

package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What was true of the database at the snapshot's consistent point. Restores are checked against it.
 * <p>Two kinds: a logical backup (pg_dump) measures inside the exported snapshot it dumps, so
 * its counts are exact and it has an artifact to hash. A storage-level snapshot (RDS, Aurora)
 * has neither: its manifest is measured just before the snapshot is requested, together with a
 * {@link SnapshotMarker}, and its counts hold within a {@link CountTolerance}.
 *
 * @param rowCounts       rows per table ("schema.table") at {@code consistentPoint}
 * @param sha256          of the backup artifact, hex; null for a storage-level snapshot (no artifact)
 * @param marker          the marker the restored copy must contain; null when counts were taken inside the snapshot
 * @param countTolerance  null means the counts must match exactly
 * @param objects         what the restore must bring back object by object, measured with the counts;
 *                        {@link ObjectInventory#NONE} for a manifest made before inventories. Its schema lines
 *                        are what {@code schemaFingerprint} digests
 * @param source          which database of which server was snapshotted; null when the runner did not record it
 * @param sourceTls       how the data travelled from the source; null when not recorded
 * @param restoreScope    what a logical restore needs and leaves out; null for a storage-level snapshot
 */
public record SnapshotManifest(
        SnapshotId snapshotId,
        DatabaseId database,
        Instant consistentPoint,
        String serverVersion,
        String schemaFingerprint,
        Map<String, Long> rowCounts,
        String sha256,
        long sizeBytes,
        SnapshotMarker marker,
        CountTolerance countTolerance,
        ObjectInventory objects,
        SourceIdentity source,
        SourceTls sourceTls,
        RestoreScope restoreScope) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SnapshotManifest {
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(consistentPoint, "consistentPoint");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(rowCounts, "rowCounts");
        if (sha256 == null ? marker == null : !HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(sha256 == null
                    ? "sha256 may only be absent for a storage-level snapshot, which must carry a marker"
                    : "sha256 must be 64 lowercase hex digits");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative");
        }
        rowCounts = Map.copyOf(new TreeMap<>(rowCounts));
        objects = objects == null ? ObjectInventory.NONE : objects;
    }

    /** A manifest that does not describe its source (as made before manifests did, or by a storage-level runner). */
    public SnapshotManifest(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint, String serverVersion,
                            String schemaFingerprint, Map<String, Long> rowCounts, String sha256, long sizeBytes,
                            SnapshotMarker marker, CountTolerance countTolerance, ObjectInventory objects) {
        this(snapshotId, database, consistentPoint, serverVersion, schemaFingerprint, rowCounts, sha256, sizeBytes,
                marker, countTolerance, objects, null, null, null);
    }

    /** A manifest without an object inventory (as made before inventories existed). */
    public SnapshotManifest(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint, String serverVersion,
                            String schemaFingerprint, Map<String, Long> rowCounts, String sha256, long sizeBytes,
                            SnapshotMarker marker, CountTolerance countTolerance) {
        this(snapshotId, database, consistentPoint, serverVersion, schemaFingerprint, rowCounts, sha256, sizeBytes,
                marker, countTolerance, ObjectInventory.NONE);
    }

    /** A logical backup's manifest: exact counts taken inside the exported snapshot, no marker. */
    public SnapshotManifest(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint, String serverVersion,
                            String schemaFingerprint, Map<String, Long> rowCounts, String sha256, long sizeBytes) {
        this(snapshotId, database, consistentPoint, serverVersion, schemaFingerprint, rowCounts, sha256, sizeBytes,
                null, null, ObjectInventory.NONE);
    }

    /** A logical backup's manifest with its object inventory; the schema fingerprint is the inventory's. */
    public static SnapshotManifest logical(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint,
                                           String serverVersion, ObjectInventory objects, Map<String, Long> rowCounts,
                                           String sha256, long sizeBytes) {
        return new SnapshotManifest(snapshotId, database, consistentPoint, serverVersion,
                objects.digest(ObjectInventory.SCHEMA), rowCounts, sha256, sizeBytes, null, null, objects);
    }

    /** The same manifest, saying which source it was taken of, over what connection, and what its restore needs. */
    public SnapshotManifest describingSource(SourceIdentity identity, SourceTls tls, RestoreScope scope) {
        return new SnapshotManifest(snapshotId, database, consistentPoint, serverVersion, schemaFingerprint, rowCounts,
                sha256, sizeBytes, marker, countTolerance, objects, identity, tls, scope);
    }

    /** A storage-level snapshot's manifest: measured at the marker, no artifact, counts within a tolerance. */
    public static SnapshotManifest atMarker(SnapshotId snapshotId, DatabaseId database, SnapshotMarker marker,
                                            String serverVersion, String schemaFingerprint, Map<String, Long> rowCounts,
                                            CountTolerance countTolerance) {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(countTolerance, "countTolerance");
        return new SnapshotManifest(snapshotId, database, marker.writtenAt(), serverVersion, schemaFingerprint, rowCounts,
                null, 0, marker, countTolerance, ObjectInventory.NONE);
    }

    /** A storage-level snapshot's manifest with its object inventory, measured at the marker. */
    public static SnapshotManifest atMarker(SnapshotId snapshotId, DatabaseId database, SnapshotMarker marker,
                                            String serverVersion, ObjectInventory objects, Map<String, Long> rowCounts,
                                            CountTolerance countTolerance) {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(countTolerance, "countTolerance");
        return new SnapshotManifest(snapshotId, database, marker.writtenAt(), serverVersion,
                objects.digest(ObjectInventory.SCHEMA), rowCounts, null, 0, marker, countTolerance, objects);
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}

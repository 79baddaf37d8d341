package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import com.silenttalk.automation.core.UntrustedText;

/**
 * A row written into the source database just before a storage-level snapshot was requested
 * (RDS, Aurora), in the same transaction that measured the manifest's schema and counts.
 * Finding it in the restored copy proves the snapshot was taken at or after {@code writtenAt},
 * which bounds the RPO the way an exported snapshot's consistent point does for pg_dump.
 *
 * @param id a UUID, so it can be quoted into SQL without escaping
 */
public record SnapshotMarker(String id, Instant writtenAt) {
    /** The table the markers live in, created on first use in the source database. */
    public static final String TABLE = "silenttalk_ops.snapshot_marker";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public SnapshotMarker {
        if (id == null || !UUID.matcher(id).matches()) {
            throw new IllegalArgumentException("marker id must be a lowercase UUID, got " + UntrustedText.quoted(id));
        }
        Objects.requireNonNull(writtenAt, "writtenAt");
    }

    /** How many rows carry this marker's id: 1 in a copy taken after the marker, 0 in one taken before. */
    public String presenceQuery() {
        return "SELECT count(*) FROM " + TABLE + " WHERE marker_id = " + UntrustedText.quoted(id);
    }
}

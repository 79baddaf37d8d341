package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One snapshot in one region, as a store lists it.
 *
 * @param createdBySuite true only for snapshots this suite made (tagged, or named with the suite prefix)
 * @param copiedFrom     for a cross-region copy, the source it was copied from
 * @param kind           the suite's own snapshot, or a backup vault's recovery point
 * @param location       where the store finds it when the id alone does not say (a recovery point's ARN, an
 *                       {@code s3://} prefix); null otherwise
 */
public record Snapshot(
        SnapshotId id,
        DatabaseId database,
        String region,
        Instant createdAt,
        boolean createdBySuite,
        VerificationStatus verification,
        Optional<SnapshotRef> copiedFrom,
        CopyKind kind,
        String location) {

    public Snapshot {
        kind = kind == null ? CopyKind.SUITE_SNAPSHOT : kind; // records written before kinds existed
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(copiedFrom, "copiedFrom");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
    }

    /** One of the suite's own snapshots, found by its id. */
    public Snapshot(SnapshotId id, DatabaseId database, String region, Instant createdAt, boolean createdBySuite,
                    VerificationStatus verification, Optional<SnapshotRef> copiedFrom) {
        this(id, database, region, createdAt, createdBySuite, verification, copiedFrom, CopyKind.SUITE_SNAPSHOT, null);
    }

    public SnapshotRef ref() {
        return new SnapshotRef(region, id);
    }

    public boolean isCopy() {
        return copiedFrom.isPresent();
    }

    public Snapshot withVerification(VerificationStatus status) {
        return new Snapshot(id, database, region, createdAt, createdBySuite, status, copiedFrom, kind, location);
    }
}

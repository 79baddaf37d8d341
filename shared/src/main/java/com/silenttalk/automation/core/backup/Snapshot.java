package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One snapshot in one region, as a store lists it.
 *
 * @param createdBySuite true only for snapshots this suite made (tagged, or named with the suite prefix)
 * @param copiedFrom     for a cross-region copy, the source it was copied from
 */
public record Snapshot(
        SnapshotId id,
        DatabaseId database,
        String region,
        Instant createdAt,
        boolean createdBySuite,
        VerificationStatus verification,
        Optional<SnapshotRef> copiedFrom) {

    public Snapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(copiedFrom, "copiedFrom");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
    }

    public SnapshotRef ref() {
        return new SnapshotRef(region, id);
    }

    public boolean isCopy() {
        return copiedFrom.isPresent();
    }

    public Snapshot withVerification(VerificationStatus status) {
        return new Snapshot(id, database, region, createdAt, createdBySuite, status, copiedFrom);
    }
}

package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.VerificationStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot or copy the evidence shows, wherever it was read from (a region's listing, the
 * ledger's snapshot and copy records).
 *
 * @param takenAt    the data's point in time: for a copy, its source's
 * @param copiedFrom the source region of a copy; null for an original
 * @param checksum   whether the copy's bytes were checked against the manifest's SHA-256 when copied
 */
public record KnownSnapshot(DatabaseId database, String region, SnapshotId id, Instant takenAt, String copiedFrom,
                            Checksum checksum, VerificationStatus verification) {
    public enum Checksum { VERIFIED, NOT_CHECKED }

    public KnownSnapshot {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(verification, "verification");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
    }

    public boolean isCopy() {
        return copiedFrom != null;
    }

    KnownSnapshot withVerification(VerificationStatus status) {
        return new KnownSnapshot(database, region, id, takenAt, copiedFrom, checksum, status);
    }
}

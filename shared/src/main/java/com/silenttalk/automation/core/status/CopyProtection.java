package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.backup.DatabaseId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a drill report says about the copies being out of the suite's reach (issue #15): per
 * region, immutable or not and until when, and whether the newest verified copy can be deleted
 * by the suite's own credentials. Absent from older reports: then it is unknown, not assumed.
 *
 * @param newestVerifiedDeletable null when the report does not say
 */
public record CopyProtection(DatabaseId database, Instant reportedAt, List<Region> regions, Boolean newestVerifiedDeletable) {
    /** @param immutableUntil null when the region's copies are not immutable */
    public record Region(String region, boolean immutable, Instant immutableUntil) {
        public Region {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
        }
    }

    public CopyProtection {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(reportedAt, "reportedAt");
        regions = List.copyOf(regions);
    }
}

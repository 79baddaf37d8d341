package com.silenttalk.automation.core.drill;

import java.util.List;

/**
 * The drill's evidence that the backups outlive the suite's own credentials: per region whether the
 * copies are immutable and until when, and whether the newest verified copy could be deleted by the
 * suite itself (then the database is flagged: one stolen credential or bad deploy away from losing it).
 *
 * @param newestVerifiedCopy          "region/snapshot" of the newest copy a drill verified; null when none is
 * @param newestVerifiedCopyDeletable true when that copy is not proven out of the suite's reach, or there is none
 * @param finding                     one sentence saying which and why
 */
public record CopyProtection(List<RegionImmutability> regions, String newestVerifiedCopy,
                             boolean newestVerifiedCopyDeletable, String finding) {
    public CopyProtection {
        regions = List.copyOf(regions);
        if (finding == null || finding.isBlank()) {
            throw new IllegalArgumentException("finding must not be blank");
        }
    }
}

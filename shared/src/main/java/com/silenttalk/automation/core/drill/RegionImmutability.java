package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.CopyLock;
import java.util.Objects;

/**
 * One region's answer, at report time, to "can the copies there be deleted?": the lock of the
 * database's newest copy in that region, read back from the store.
 *
 * @param snapshotId the newest copy of the drilled database there; null when the region holds none
 */
public record RegionImmutability(String region, String snapshotId, CopyLock lock) {
    public RegionImmutability {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        Objects.requireNonNull(lock, "lock");
    }
}

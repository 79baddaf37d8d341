package com.silenttalk.automation.core.backup;

import java.util.Objects;

/** Where a snapshot lives: identifiers repeat across regions (a copy keeps its source's id). */
public record SnapshotRef(String region, SnapshotId id) {
    public SnapshotRef {
        Objects.requireNonNull(id, "id");
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
    }

    @Override
    public String toString() {
        return region + "/" + id.value();
    }
}

package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.DatabaseId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a drill should prove.
 *
 * @param drillRegion the second region: the copy lands there and the restore reads from it
 * @param requireTls  fail the drill when the restored server cannot be reached over TLS
 */
public record DrillRequest(
        DatabaseId database,
        Duration snapshotInterval,
        String drillRegion,
        DrillTargets targets,
        List<SqlProbe> probes,
        boolean requireTls) {
    public DrillRequest {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(targets, "targets");
        if (drillRegion == null || drillRegion.isBlank()) {
            throw new IllegalArgumentException("drillRegion must not be blank");
        }
        probes = List.copyOf(probes);
    }
}

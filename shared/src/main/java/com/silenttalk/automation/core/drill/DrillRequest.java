package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SourceIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a drill should prove.
 *
 * @param drillRegion      the second region: the copy lands there and the restore reads from it
 * @param requireTls       fail the drill when the restored server cannot be reached over TLS
 * @param source           the database the drill is about; a snapshot of any other is refused. Null when
 *                         the drill restores an existing snapshot with no source to compare it with
 * @param requireSourceTls fail the drill when the snapshot was (or would be) read from the source in plaintext
 */
public record DrillRequest(
        DatabaseId database,
        Duration snapshotInterval,
        String drillRegion,
        DrillTargets targets,
        List<SqlProbe> probes,
        boolean requireTls,
        SourceIdentity source,
        boolean requireSourceTls) {
    public DrillRequest {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(targets, "targets");
        if (drillRegion == null || drillRegion.isBlank()) {
            throw new IllegalArgumentException("drillRegion must not be blank");
        }
        probes = List.copyOf(probes);
    }

    /** A drill that does not know its source's identity (a storage-level snapshot chosen by name). */
    public DrillRequest(DatabaseId database, Duration snapshotInterval, String drillRegion, DrillTargets targets,
                        List<SqlProbe> probes, boolean requireTls) {
        this(database, snapshotInterval, drillRegion, targets, probes, requireTls, null, false);
    }

    /** The same drill, about the given source. */
    public DrillRequest about(SourceIdentity identity, boolean requireTlsFromSource) {
        return new DrillRequest(database, snapshotInterval, drillRegion, targets, probes, requireTls, identity,
                requireTlsFromSource);
    }
}

package com.silenttalk.automation.azure.alerting;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.drill.DrillReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the backup and drill functions tell Azure Monitor, per database, for the alert rules in
 * {@code infra/azure/platform.json}: backup failure ({@link AzureMonitorMetrics#BACKUP_SUCCEEDED}
 * below 1), RPO breached ({@link AzureMonitorMetrics#VERIFIED_BACKUP_AGE_SECONDS} above six hours
 * plus grace) and a failed drill. Each method returns the status for the function's one log
 * line: a metric that cannot be measured or sent is reported there (and the alert on missing
 * backups still sees the gap) rather than failing a backup or drill that already happened.
 */
public final class BackupMetrics {
    /** Reported as the age when a database has no verified copy at all: far beyond any threshold. */
    static final Duration NO_VERIFIED_BACKUP = Duration.ofDays(3650);

    private final AzureMonitorMetrics monitor;
    private final SnapshotStore paired;
    private final Clock clock;

    /** @param paired the paired region's store: it lists only copies whose checksum was verified there */
    public BackupMetrics(AzureMonitorMetrics monitor, SnapshotStore paired, Clock clock) {
        this.monitor = monitor;
        this.paired = paired;
        this.clock = clock;
    }

    /** After the scheduler: a backup still running at the end of the invocation is a failed window. */
    public String backupsTaken(List<TakeSnapshots.Result> results) {
        Instant now = clock.instant();
        return publish(() -> {
            List<Snapshot> copies = paired.list();
            Map<DatabaseId, Map<String, Number>> values = new LinkedHashMap<>();
            for (TakeSnapshots.Result result : results) {
                values.put(result.database(), Map.of(
                        AzureMonitorMetrics.BACKUP_SUCCEEDED, result.status() == TakeSnapshots.Status.PENDING ? 0 : 1,
                        AzureMonitorMetrics.VERIFIED_BACKUP_AGE_SECONDS, verifiedAge(copies, result.database(), now).toSeconds()));
            }
            return values;
        }, now);
    }

    /** After the scheduler failed before it could report per database: every database's window failed. */
    public String backupsFailed(List<DatabaseId> databases) {
        Map<DatabaseId, Map<String, Number>> values = new LinkedHashMap<>();
        for (DatabaseId database : databases) {
            values.put(database, Map.of(AzureMonitorMetrics.BACKUP_SUCCEEDED, 0));
        }
        return publish(() -> values, clock.instant());
    }

    /** After a copy to the paired region was verified. */
    public String copyVerified(DatabaseId database) {
        Instant now = clock.instant();
        return publish(() -> Map.of(database, Map.of(AzureMonitorMetrics.VERIFIED_BACKUP_AGE_SECONDS,
                verifiedAge(paired.list(), database, now).toSeconds())), now);
    }

    public String drillFinished(DrillReport report) {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put(AzureMonitorMetrics.DRILL_PASSED, report.passed() ? 1 : 0);
        if (report.rto() != null) {
            values.put(AzureMonitorMetrics.RTO_SECONDS, report.rto().toSeconds());
        }
        if (report.rpo() != null) {
            values.put(AzureMonitorMetrics.RPO_SECONDS, report.rpo().toSeconds());
        }
        return publish(() -> Map.of(new DatabaseId(report.database()), values), clock.instant());
    }

    static Duration verifiedAge(List<Snapshot> copies, DatabaseId database, Instant now) {
        return copies.stream().filter(s -> s.database().equals(database)).map(Snapshot::createdAt)
                .max(Instant::compareTo).map(newest -> Duration.between(newest, now)).orElse(NO_VERIFIED_BACKUP);
    }

    /** Measures and sends; any failure (listing the copies, the store refusing, the network) becomes the status. */
    private String publish(Supplier<Map<DatabaseId, Map<String, Number>>> measure, Instant now) {
        try {
            for (Map.Entry<DatabaseId, Map<String, Number>> entry : measure.get().entrySet()) {
                monitor.publish(entry.getKey(), now, entry.getValue());
            }
            return "metrics=published";
        } catch (RuntimeException e) {
            return "metrics=NOT-PUBLISHED (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }
}

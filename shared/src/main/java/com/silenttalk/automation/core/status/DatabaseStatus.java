package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.CopyProtection;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.StepTiming;
import com.silenttalk.automation.core.drill.TableCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One database's answer: the verdict, every reason for it (the platform's included), and the
 * evidence behind it.
 *
 * @param lastDrill  null when no drill has finished
 * @param history    every finished drill, oldest first
 * @param protection the newest drill report's word on immutability (issue #15); null when no report says
 */
public record DatabaseStatus(DatabaseId database, Verdict verdict, List<Reason> reasons, List<RegionStatus> regions,
                             DrillReport lastDrill, List<DrillPoint> history, CopyProtection protection) {
    /** How many drills the trend shows. */
    public static final int TREND = 12;

    /**
     * @param copyRegion     a region that should hold copies (as opposed to where snapshots are taken)
     * @param newest         null when the region holds nothing of this database
     * @param newestAge      the newest one's age now
     * @param late           older than the RPO target plus the grace
     * @param newestVerified the newest a drill restored and verified; null when none
     * @param immutable      null when unknown; else whether the region's newest copy is immutable (read back by the last drill)
     * @param immutableUntil until when, when immutable
     */
    public record RegionStatus(String region, boolean copyRegion, int count, KnownSnapshot newest, Duration newestAge,
                               boolean late, KnownSnapshot newestVerified, Boolean immutable, Instant immutableUntil) {
    }

    /** One drill as the trend and the chart show it; {@code sizeBytes} is the largest step's bytes (the archive). */
    public record DrillPoint(String runId, Instant startedAt, Instant finishedAt, boolean passed, Duration rto, Duration rpo,
                             long sizeBytes, long rows) {
        static DrillPoint of(DrillReport r) {
            long bytes = r.steps().stream().mapToLong(StepTiming::bytes).max().orElse(0);
            long rows = r.tables().stream().mapToLong(TableCount::restoredRows).filter(n -> n > 0).sum();
            return new DrillPoint(r.runId(), r.startedAt(), r.finishedAt(), r.passed(), r.rto(), r.rpo(), bytes, rows);
        }
    }

    public DatabaseStatus {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(verdict, "verdict");
        reasons = List.copyOf(reasons);
        regions = List.copyOf(regions);
        history = List.copyOf(history);
    }

    /** The last {@link #TREND} drills, oldest first. */
    public List<DrillPoint> trend() {
        return history.subList(Math.max(0, history.size() - TREND), history.size());
    }

    /** The reasons that are this database's own, not the platform's. */
    public List<Reason> ownReasons() {
        return reasons.stream().filter(r -> !r.area().platformWide()).toList();
    }
}

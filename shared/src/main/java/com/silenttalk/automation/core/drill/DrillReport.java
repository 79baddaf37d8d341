package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.CopyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one drill: every check, every step's duration, and the measured RTO
 * (restore start → verified) and RPO (drill time − consistent point) against the targets.
 *
 * @param rto     null when the drill never got as far as a verified restore
 * @param rpo     null when no snapshot was taken
 * @param failure the reason the drill stopped early, or null
 * @param copyKind   which kind of copy was restored (the suite's snapshot, or a vault's recovery point); null when none was
 * @param copy       the restored copy as its store names it (a recovery point ARN, an s3:// prefix, region/snapshot)
 * @param protection per region, whether the copies are immutable and until when; null in reports made before it existed
 * @param failureKind why it did not pass (null when it passed): a check, the environment, the input, a bug
 */
public record DrillReport(
        String runId,
        String database,
        String snapshotId,
        String sourceRegion,
        String drillRegion,
        Instant startedAt,
        Instant finishedAt,
        List<StepTiming> steps,
        List<CheckResult> checks,
        List<TableCount> tables,
        Duration rto,
        Duration rtoTarget,
        Duration rpo,
        Duration rpoTarget,
        String failure,
        boolean passed,
        CopyKind copyKind,
        String copy,
        CopyProtection protection,
        FailureKind failureKind) {

    public DrillReport {
        Objects.requireNonNull(runId, "runId");
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
        tables = List.copyOf(tables);
        if (passed) {
            failureKind = null;
        } else if (failureKind == null) {
            failureKind = FailureKind.CHECK;
        }
    }

    /** A report without the copy it restored or its protection (what reports held before issue #15); a failure is a failed check. */
    public DrillReport(String runId, String database, String snapshotId, String sourceRegion, String drillRegion,
                       Instant startedAt, Instant finishedAt, List<StepTiming> steps, List<CheckResult> checks,
                       List<TableCount> tables, Duration rto, Duration rtoTarget, Duration rpo, Duration rpoTarget,
                       String failure, boolean passed) {
        this(runId, database, snapshotId, sourceRegion, drillRegion, startedAt, finishedAt, steps, checks, tables, rto,
                rtoTarget, rpo, rpoTarget, failure, passed, null, null, null, null);
    }

    public List<CheckResult> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** One line for logs and exit messages. */
    public String summary() {
        // a failed drill's line is about the failure; the flag belongs to a proven restore
        String flag = protection != null && protection.newestVerifiedCopyDeletable() ? "; flagged: the newest verified copy can be deleted by the suite's own credentials" : "";
        if (passed) {
            return "drill " + runId + " passed: RTO " + human(rto) + " (target " + human(rtoTarget) + "), RPO " + human(rpo)
                    + " (target " + human(rpoTarget) + ")" + flag;
        }
        StringBuilder why = new StringBuilder("drill " + runId + " FAILED");
        if (failure != null) {
            why.append(": ").append(failure);
        }
        for (CheckResult check : failedChecks()) {
            if (failure == null || !failure.contains(check.detail())) { // said once is enough
                why.append("; check ").append(check.name()).append(": ").append(check.detail());
            }
        }
        return why.toString();
    }

    /** 0.8s, 4m05s, 6h00m: what a person reads at a glance. */
    static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return String.format("%.1fs", d.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}

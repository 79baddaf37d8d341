package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a drill needs to resume after any interruption. The engines persist it
 * between turns; it holds identifiers and figures, never credentials.
 * Fields after {@code stepStartedAt} are null (or empty) until the step that fills them has run.
 *
 * @param restoreJob the restorer's handle on a restore in flight (an AWS Backup restore job id); null when none
 */
public record DrillState(
        String runId,
        DrillRequest request,
        String sourceRegion,
        Instant startedAt,
        DrillStep step,
        Instant stepStartedAt,
        Snapshot snapshot,
        SnapshotManifest manifest,
        Snapshot replica,
        RestoredInstance instance,
        Instant restoreStartedAt,
        Instant verifiedAt,
        List<CheckResult> checks,
        List<TableCount> tables,
        List<StepTiming> timings,
        String failure,
        int teardownAttempts,
        DrillReport report,
        String restoreJob,
        FailureKind failureKind) {

    public DrillState {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        checks = checks == null ? List.of() : List.copyOf(checks);
        tables = tables == null ? List.of() : List.copyOf(tables);
        timings = timings == null ? List.of() : List.copyOf(timings);
    }

    static DrillState begin(String runId, DrillRequest request, String sourceRegion, DrillStep first, Instant now) {
        return new DrillState(runId, request, sourceRegion, now, first, now, null, null, null, null, null, null,
                List.of(), List.of(), List.of(), null, 0, null, null, null);
    }

    public String instanceName() {
        return "drill-" + runId;
    }

    public boolean isDone() {
        return step == DrillStep.DONE;
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Closes the current step's timing and moves on. */
    DrillState completeStep(DrillStep next, Instant now, long bytes, String detail) {
        Builder b = toBuilder();
        b.timings.add(new StepTiming(step, stepStartedAt, now, bytes, detail));
        b.step = next;
        b.stepStartedAt = now;
        return b.build();
    }

    /** Records why the drill stopped, closes the current step, and jumps to teardown. */
    DrillState fail(String reason, List<CheckResult> failedChecks, Instant now) {
        return fail(reason, failedChecks, FailureKind.CHECK, now);
    }

    DrillState fail(String reason, List<CheckResult> failedChecks, FailureKind kind, Instant now) {
        Builder b = toBuilder();
        b.checks.addAll(failedChecks);
        b.failure = reason;
        b.failureKind = kind;
        return b.build().completeStep(DrillStep.TEARDOWN, now, 0, "failed: " + reason);
    }

    static final class Builder {
        private final DrillState from;
        DrillStep step;
        Instant stepStartedAt;
        Snapshot snapshot;
        SnapshotManifest manifest;
        Snapshot replica;
        RestoredInstance instance;
        Instant restoreStartedAt;
        Instant verifiedAt;
        final List<CheckResult> checks;
        List<TableCount> tables;
        final List<StepTiming> timings;
        String failure;
        int teardownAttempts;
        DrillReport report;
        String restoreJob;
        FailureKind failureKind;

        private Builder(DrillState s) {
            from = s;
            step = s.step;
            stepStartedAt = s.stepStartedAt;
            snapshot = s.snapshot;
            manifest = s.manifest;
            replica = s.replica;
            instance = s.instance;
            restoreStartedAt = s.restoreStartedAt;
            verifiedAt = s.verifiedAt;
            checks = new ArrayList<>(s.checks);
            tables = s.tables;
            timings = new ArrayList<>(s.timings);
            failure = s.failure;
            teardownAttempts = s.teardownAttempts;
            report = s.report;
            restoreJob = s.restoreJob;
            failureKind = s.failureKind;
        }

        DrillState build() {
            return new DrillState(from.runId, from.request, from.sourceRegion, from.startedAt, step, stepStartedAt,
                    snapshot, manifest, replica, instance, restoreStartedAt, verifiedAt, checks, tables, timings,
                    failure, teardownAttempts, report, restoreJob, failureKind);
        }
    }
}

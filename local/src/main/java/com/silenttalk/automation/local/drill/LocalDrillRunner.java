package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.drill.StepTiming;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.local.DiskSpace;
import com.silenttalk.automation.local.backup.LocalRegion;
import com.silenttalk.automation.local.backup.SourceCheck;
import com.silenttalk.automation.local.backup.SpacePreflight;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.local.workflow.CrashPoints;
import com.silenttalk.automation.local.workflow.StepLoop;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the core's drill workflow on this machine, saving after every step, printing progress to stderr. */
public final class LocalDrillRunner {
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss'z'").withZone(ZoneOffset.UTC);

    private static final Pattern RUN_ID = Pattern.compile("(.+)-\\d{8}t\\d{6}z-[0-9a-f]{4}");

    private final DrillWiring wiring;
    private final Clock clock;
    private final PrintStream progress;
    private final CrashPoints crashPoints;
    private final DiskSpace disk;

    public LocalDrillRunner(DrillWiring wiring, Clock clock, PrintStream progress) {
        this(wiring, clock, progress, CrashPoints.NONE, DiskSpace.SYSTEM);
    }

    /** Run under the database's drill lease: no other drill of it is running, so what is unfinished is abandoned. */
    public LocalDrillRunner(DrillWiring wiring, Clock clock, PrintStream progress, CrashPoints crashPoints, DiskSpace disk) {
        this.wiring = wiring;
        this.clock = clock;
        this.progress = progress;
        this.crashPoints = crashPoints;
        this.disk = disk;
    }

    /** The unfinished drill of this database, if a previous process was stopped mid-way. */
    public Optional<DrillState> unfinished(DrillRequest request) {
        return wiring.journal().unfinished(request.database().value());
    }

    /** Resumes the unfinished drill of this database, or starts a new one. */
    public DrillState runOrResume(DrillRequest request) {
        return runOrResume(request, null);
    }

    /** @param source the source's sizes for the free-space pre-flight; null when the source is not at hand (a resumed demo) */
    public DrillState runOrResume(DrillRequest request, SourceCheck source) {
        closeAbandoned(request.database());
        Optional<DrillState> earlier = unfinished(request);
        requireSpace(request, earlier.orElse(null), source);
        DrillWorkflow workflow = wiring.drillWorkflow(clock);
        DrillState start;
        if (earlier.isPresent()) {
            start = earlier.get();
            progress.printf("[drill] resuming %s at step %s (started %s)%n", start.runId(), start.step().label(), start.startedAt());
            if (start.step() == DrillStep.RESTORE) {
                // A restore cut short leaves a half-built cluster; begin the step afresh.
                ThrowawayCluster.removeLeftover(wiring.binaries(), wiring.clustersRoot(), start.instanceName());
            }
        } else {
            start = workflow.start(newRunId(request), request, clock.instant());
            progress.printf("[drill] %s started: %s → copy to %s → restore → verify → teardown%n", start.runId(),
                    request.database(), request.drillRegion());
            crashPoints.reached("claimed"); // claimed in the ledger, nothing saved in the journal yet
            return run(workflow, start, true);
        }
        return run(workflow, start, false);
    }

    /**
     * The free-space pre-flight of what is left to do: before the claim of a new drill, or before the
     * first step of a resumed one. The dump is counted when this window's snapshot is missing, the copy
     * when the drill region lacks it, the restore always.
     */
    private void requireSpace(DrillRequest request, DrillState resumed, SourceCheck source) {
        DrillStep step = resumed == null ? DrillStep.SNAPSHOT : resumed.step();
        if (step.compareTo(DrillStep.RESTORE) > 0) {
            return;
        }
        Instant startedAt = resumed == null ? clock.instant() : resumed.startedAt();
        SnapshotId id = SnapshotWindow.containing(startedAt, request.snapshotInterval()).snapshotIdFor(request.database());
        long archive = wiring.primary().manifest(id).map(SnapshotManifest::sizeBytes)
                .orElse(source == null ? 0 : source.tableBytes());
        List<SpacePreflight.Need> needs = new ArrayList<>();
        if (step == DrillStep.SNAPSHOT && source != null && wiring.primary().find(id).isEmpty()) {
            needs.add(SpacePreflight.dump(wiring.primary().root(), source.tableBytes()));
        }
        LocalRegion drillRegion = wiring.region(request.drillRegion());
        if (step.compareTo(DrillStep.COPY) <= 0 && drillRegion != wiring.primary() && drillRegion.find(id).isEmpty()) {
            SpacePreflight.onThisMachine(drillRegion).ifPresent(dir -> needs.add(SpacePreflight.copy(dir, archive)));
        }
        needs.add(SpacePreflight.restore(wiring.clustersRoot(), source == null ? 0 : source.databaseBytes(), archive, drillRegion));
        SpacePreflight.require(disk, needs);
    }

    /** Restore, verify and tear down an existing snapshot, without taking a new one. */
    public DrillState verifyExisting(DrillRequest request, Snapshot replica, SnapshotManifest manifest) {
        DrillWorkflow workflow = wiring.drillWorkflow(clock);
        closeAbandoned(request.database());
        DrillState start = workflow.startFromReplica(newRunId(request), request, replica, manifest, clock.instant());
        progress.printf("[verify] %s: restoring %s%n", start.runId(), replica.ref());
        crashPoints.reached("claimed");
        return run(workflow, start, false);
    }

    /** @param startServerEarly start the restore's server once the new drill is saved, so that it starts while the dump runs */
    private DrillState run(DrillWorkflow workflow, DrillState start, boolean startServerEarly) {
        int[] reported = {start.timings().size()};
        boolean[] serverToStart = {startServerEarly};
        return StepLoop.realTime(clock).run(workflow, start, state -> {
            // No saved boundary has an initdb in flight: killed there, a run leaves a server the next run can
            // stop and remove, never an orphaned initdb still writing the files it is removing.
            wiring.restorer().awaitEarly(state.instanceName());
            wiring.journal().save(state);
            crashPoints.reached("saved:" + state.step().label());
            if (serverToStart[0]) {
                // After the first save, not before it: that save waited for nothing, and the snapshot step that
                // follows overlaps initdb and the server's start (before, the step waited for them).
                serverToStart[0] = false;
                wiring.restorer().startEarly(state.instanceName());
            }
            for (int i = reported[0]; i < state.timings().size(); i++) {
                StepTiming t = state.timings().get(i);
                progress.printf("[drill] %-8s %-6s %8s  %10s  %s%n", t.step().label(),
                        t.detail() != null && t.detail().startsWith("failed") ? "FAILED" : "done",
                        DurationText.format(t.duration()), t.bytes() > 0 ? megabytes(t.bytes()) : "",
                        t.detail() == null ? "" : t.detail());
            }
            reported[0] = state.timings().size();
        });
    }

    /**
     * Closes the drills of this database that the ledger says STARTED but that no journal entry can
     * resume: their process died between the claim and the first save (kill -9), so nothing but the
     * restore's server started early was made, and no one else is running them (the caller holds the lease).
     */
    public void closeAbandoned(DatabaseId database) {
        for (AuditRecord r : wiring.ledger().started("drill")) {
            String runId = r.key().value().substring("drill/".length());
            if (!database.value().equals(databaseOf(r, runId)) || wiring.journal().find(runId).isPresent()) {
                continue;
            }
            ThrowawayCluster.removeLeftover(wiring.binaries(), wiring.clustersRoot(), "drill-" + runId);
            abandon(r, "its process stopped between the claim and its first saved step; nothing to resume");
        }
    }

    /** Marks one drill's audit record ABANDONED, saying why; its journal entry (if any) is the caller's to discard. */
    public void abandon(AuditRecord started, String why) {
        Map<String, String> details = new LinkedHashMap<>(started.details());
        details.put("failure", "abandoned: " + why);
        wiring.ledger().update(started.finish(Outcome.ABANDONED, clock.instant(), details));
        progress.printf("[drill] %s marked ABANDONED: %s%n", started.key().value().substring("drill/".length()), why);
    }

    private static String databaseOf(AuditRecord r, String runId) {
        if (r.details().containsKey("database")) {
            return r.details().get("database");
        }
        Matcher m = RUN_ID.matcher(runId); // claimed before claims named their database
        return m.matches() ? m.group(1) : null;
    }

    private String newRunId(DrillRequest request) {
        byte[] suffix = new byte[2];
        new SecureRandom().nextBytes(suffix);
        return request.database().value() + "-" + RUN_STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1_000_000.0);
    }

    static String seconds(Duration d) {
        return DurationText.format(d);
    }
}

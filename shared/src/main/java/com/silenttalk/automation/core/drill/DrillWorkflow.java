package com.silenttalk.automation.core.drill;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.EnvironmentFailedException;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupReplicator;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.workflow.StepWorkflow;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * snapshot → copy to the second region → restore into a throwaway instance → verify →
 * tear down → report. Any failure jumps to teardown, so the instance never outlives the drill.
 */
public final class DrillWorkflow implements StepWorkflow<DrillState> {
    static final int TEARDOWN_ATTEMPTS = 3;
    static final String INTEGRITY = "integrity";
    private static final java.util.Set<String> CONTENT_CHECKS =
            java.util.Set.of(INTEGRITY, VerificationSuite.SCHEMA, VerificationSuite.ROW_COUNTS, VerificationSuite.MARKER);

    /** True for the checks that speak for a backup's content (integrity, schema, counts, marker, probes). */
    public static boolean speaksForContent(String checkName) {
        return CONTENT_CHECKS.contains(checkName) || checkName.startsWith(VerificationSuite.PROBE_PREFIX);
    }

    private final SnapshotStore primary;
    private final SnapshotStore drillRegion;
    private final BackupReplicator replicator;
    private final DatabaseRestorer restorer;
    private final DatabaseInspector inspector;
    private final RunLedger ledger;
    private final Clock clock;

    /** @param clock times each step's end, after its work; {@code now} passed to advance is the turn's start */
    public DrillWorkflow(SnapshotStore primary, SnapshotStore drillRegion, BackupReplicator replicator,
                         DatabaseRestorer restorer, DatabaseInspector inspector, RunLedger ledger, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.drillRegion = Objects.requireNonNull(drillRegion, "drillRegion");
        this.replicator = Objects.requireNonNull(replicator, "replicator");
        this.restorer = Objects.requireNonNull(restorer, "restorer");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A full drill, starting with this window's snapshot. */
    public DrillState start(String runId, DrillRequest request, Instant now) {
        claim(runId, request, now);
        return DrillState.begin(runId, request, primary.region(), DrillStep.SNAPSHOT, now);
    }

    /** A drill of an existing replica: restore, verify, tear down, report. */
    public DrillState startFromReplica(String runId, DrillRequest request, Snapshot replica, SnapshotManifest manifest,
                                       Instant now) {
        claim(runId, request, now);
        DrillState.Builder b = DrillState.begin(runId, request, replica.region(), DrillStep.RESTORE, now).toBuilder();
        b.snapshot = replica;
        b.manifest = manifest;
        b.replica = replica;
        return b.build();
    }

    @Override
    public Advance<DrillState> advance(DrillState state, Instant now) {
        try {
            return switch (state.step()) {
                case SNAPSHOT -> snapshot(state, now);
                case COPY -> copy(state, now);
                case RESTORE -> restore(state, now);
                case VERIFY -> verify(state, now);
                case TEARDOWN -> tearDown(state, now);
                case REPORT -> Advance.done(report(state, clock.instant()));
                case DONE -> Advance.done(state);
            };
        } catch (BackupIntegrityException e) {
            return Advance.continueNow(state.fail(e.getMessage(), List.of(CheckResult.fail(INTEGRITY, e.getMessage())), clock.instant()));
        } catch (FailedCheckException e) {
            return Advance.continueNow(state.fail(e.getMessage(), List.of(e.check()), clock.instant()));
        } catch (RuntimeException e) {
            // Recorded, reported and torn down: the failure is the drill's result, not hidden.
            if (state.step() == DrillStep.TEARDOWN) {
                return retryTeardownOrGiveUp(state, e);
            }
            if (state.step() == DrillStep.REPORT) {
                DrillState.Builder b = state.toBuilder();
                String reason = "recording the verification result failed: " + describe(e);
                b.failure = state.failure() == null ? reason : state.failure() + "; " + reason;
                if (b.failureKind == null) {
                    b.failureKind = kindOf(e);
                }
                return Advance.done(finish(b.build(), clock.instant()));
            }
            // The step itself is the failed check, so the report never fails with an empty list of checks.
            String detail = e.getMessage() == null ? describe(e) : e.getMessage();
            return Advance.continueNow(state.fail("step " + state.step().label() + " failed: " + describe(e),
                    List.of(CheckResult.fail(state.step().label(), detail)), kindOf(e), clock.instant()));
        }
    }

    private static FailureKind kindOf(RuntimeException e) {
        if (e instanceof EnvironmentFailedException || e instanceof UncheckedIOException) {
            return FailureKind.ENVIRONMENT;
        }
        if (e instanceof InvalidFieldException) {
            return FailureKind.INPUT;
        }
        return FailureKind.INTERNAL;
    }

    private Advance<DrillState> snapshot(DrillState state, Instant now) {
        DrillRequest request = state.request();
        SnapshotId id = SnapshotWindow.containing(state.startedAt(), request.snapshotInterval()).snapshotIdFor(request.database());
        Progress<Snapshot> taken = primary.take(request.database(), id, now);
        if (taken instanceof Progress.Pending<Snapshot> pending) {
            return Advance.continueAfter(state, pending.checkAgainAfter());
        }
        Snapshot snapshot = ((Progress.Ready<Snapshot>) taken).value();
        SnapshotManifest manifest = primary.manifest(id)
                .orElseThrow(() -> new BackupIntegrityException("snapshot " + id + " has no manifest in " + primary.region()));
        if (request.source() != null) {
            SourceIdentity.requireSnapshotOf(manifest, request.source(), "source");
        }
        DrillState.Builder b = state.toBuilder();
        b.snapshot = snapshot;
        b.manifest = manifest;
        return Advance.continueNow(b.build()
                .completeStep(DrillStep.COPY, clock.instant(), manifest.sizeBytes(), id.value()));
    }

    private Advance<DrillState> copy(DrillState state, Instant now) {
        Progress<Snapshot> copied = replicator.replicate(state.snapshot(), state.request().drillRegion(), now);
        if (copied instanceof Progress.Pending<Snapshot> pending) {
            return Advance.continueAfter(state, pending.checkAgainAfter());
        }
        Snapshot replica = ((Progress.Ready<Snapshot>) copied).value();
        DrillState.Builder b = state.toBuilder();
        b.replica = replica;
        return Advance.continueNow(b.build()
                .completeStep(DrillStep.RESTORE, clock.instant(), state.manifest().sizeBytes(), "to " + replica.region()));
    }

    private Advance<DrillState> restore(DrillState state, Instant now) {
        DrillState.Builder started = state.toBuilder();
        if (started.restoreStartedAt == null) {
            started.restoreStartedAt = now;
        }
        DrillState s = started.build();
        Progress<RestoredInstance> restored = restorer.restore(s.replica(), s.manifest(), s.instanceName(), s.restoreJob());
        if (restored instanceof Progress.Pending<RestoredInstance> pending) {
            DrillState.Builder waiting = s.toBuilder();
            if (pending.job() != null) {
                waiting.restoreJob = pending.job();
            }
            return Advance.continueAfter(waiting.build(), pending.checkAgainAfter());
        }
        RestoredInstance instance = ((Progress.Ready<RestoredInstance>) restored).value();
        DrillState.Builder b = s.toBuilder();
        b.instance = instance;
        return Advance.continueNow(b.build()
                .completeStep(DrillStep.VERIFY, clock.instant(), s.manifest().sizeBytes(), instance.name()));
    }

    private Advance<DrillState> verify(DrillState state, Instant now) {
        DatabaseFacts facts = inspector.inspect(state.instance(),
                VerificationSuite.probesFor(state.request(), state.manifest()));
        List<CheckResult> checks = new ArrayList<>(state.checks());
        if (state.manifest().sha256() != null) {
            // a storage-level snapshot has no artifact to hash; its marker check takes this place
            checks.add(CheckResult.pass(INTEGRITY, "sha256 " + state.manifest().sha256().substring(0, 12)
                    + " matched before restore"));
        }
        checks.addAll(VerificationSuite.evaluate(state.request(), state.manifest(), facts, state.startedAt()));
        DrillState.Builder b = state.toBuilder();
        b.checks.clear();
        b.checks.addAll(checks);
        b.tables = tableCounts(facts, state.manifest());
        Instant verified = clock.instant();
        b.verifiedAt = verified;
        long failed = checks.stream().filter(c -> !c.passed()).count();
        return Advance.continueNow(b.build()
                .completeStep(DrillStep.TEARDOWN, verified, 0, checks.size() + " checks, " + failed + " failed"));
    }

    private Advance<DrillState> tearDown(DrillState state, Instant now) {
        Progress<String> gone = restorer.tearDown(state.instanceName());
        if (gone instanceof Progress.Pending<String> pending) {
            return Advance.continueAfter(state, pending.checkAgainAfter());
        }
        return Advance.continueNow(state.completeStep(DrillStep.REPORT, clock.instant(), 0, state.instanceName() + " removed"));
    }

    private Advance<DrillState> retryTeardownOrGiveUp(DrillState state, RuntimeException e) {
        DrillState.Builder a = state.toBuilder();
        a.teardownAttempts++;
        if (a.teardownAttempts < TEARDOWN_ATTEMPTS) {
            return Advance.continueAfter(a.build(), Duration.ofSeconds(5L << a.teardownAttempts));
        }
        String reason = "teardown of " + state.instanceName() + " failed " + a.teardownAttempts
                + " times, remove it by hand: " + describe(e);
        a.failure = state.failure() == null ? reason : state.failure() + "; " + reason;
        if (a.failureKind == null) {
            a.failureKind = FailureKind.ENVIRONMENT;
        }
        return Advance.continueNow(a.build().completeStep(DrillStep.REPORT, clock.instant(), 0, "failed: " + reason));
    }

    /** Marks the snapshots first, so the one audit record is written once, with the final outcome. */
    private DrillState report(DrillState state, Instant now) {
        recordVerification(state, now);
        return finish(state, now);
    }

    private DrillState finish(DrillState state, Instant now) {
        DrillRequest request = state.request();
        Duration rto = state.verifiedAt() == null ? null : Duration.between(state.restoreStartedAt(), state.verifiedAt());
        Duration rpo = state.manifest() == null ? null : VerificationSuite.rpo(state.manifest(), state.startedAt());
        List<CheckResult> checks = new ArrayList<>(state.checks());
        if (rto != null) {
            String detail = "RTO " + DurationText.readable(rto) + " (restore start to verified), "
                    + DurationText.againstTarget(rto, request.targets().rto());
            checks.add(rto.compareTo(request.targets().rto()) <= 0 ? CheckResult.pass("rto", detail) : CheckResult.fail("rto", detail));
        }
        boolean passed = state.failure() == null && state.verifiedAt() != null && checks.stream().allMatch(CheckResult::passed);
        List<StepTiming> timings = new ArrayList<>(state.timings());
        timings.add(new StepTiming(DrillStep.REPORT, state.stepStartedAt(), now, 0, passed ? "passed" : "failed"));
        Snapshot restored = state.replica();
        DrillReport report = new DrillReport(state.runId(), request.database().value(),
                state.snapshot() == null ? null : state.snapshot().id().value(), state.sourceRegion(), request.drillRegion(),
                state.startedAt(), now, timings, checks, state.tables(),
                rto, request.targets().rto(), rpo, request.targets().rpo(), state.failure(), passed,
                restored == null ? null : restored.kind(),
                restored == null ? null : restored.location() != null ? restored.location() : restored.ref().toString(),
                protection(request.database(), now), state.failureKind());
        ledger.update(new AuditRecord(runKey(state.runId()), "drill", passed ? Outcome.SUCCEEDED : Outcome.FAILED,
                state.startedAt(), now, auditDetails(report)));
        DrillState.Builder b = state.toBuilder();
        b.step = DrillStep.DONE;
        b.stepStartedAt = now;
        b.checks.clear();
        b.checks.addAll(checks);
        b.timings.clear();
        b.timings.addAll(timings);
        b.report = report;
        return b.build();
    }

    /**
     * Only a completed restore changes a snapshot's standing, and only the checks of its content
     * count: a slow restore (RTO) or a missing TLS setup says nothing about the backup itself.
     * An integrity failure marks the bad replica alone.
     */
    private void recordVerification(DrillState state, Instant now) {
        boolean integrityFailed = state.checks().stream().anyMatch(c -> c.name().equals(INTEGRITY) && !c.passed());
        if (integrityFailed && state.replica() != null) {
            drillRegion.recordVerification(state.replica().id(), VerificationStatus.FAILED, now);
            return;
        }
        if (state.verifiedAt() == null || state.snapshot() == null) {
            return;
        }
        boolean contentHolds = state.checks().stream().filter(c -> speaksForContent(c.name())).allMatch(CheckResult::passed);
        VerificationStatus status = contentHolds ? VerificationStatus.VERIFIED : VerificationStatus.FAILED;
        if (!state.snapshot().region().equals(drillRegion.region())) {
            primary.recordVerification(state.snapshot().id(), status, now);
        }
        drillRegion.recordVerification(state.replica().id(), status, now);
    }

    /**
     * Reads back, per region, the lock of the database's newest copy, and whether the newest verified backup has a
     * copy out of the suite's reach (the same backup sits in several regions as its copies: one locked, verified copy
     * of it is enough). A store that cannot be read makes its region "unknown"
     * (counted as deletable): the report says so rather than fail a drill whose restore was proven.
     */
    private CopyProtection protection(DatabaseId database, Instant now) {
        List<RegionImmutability> regions = new ArrayList<>();
        Map<Snapshot, SnapshotStore> verified = new LinkedHashMap<>();
        for (SnapshotStore store : primary == drillRegion ? List.of(primary) : List.of(primary, drillRegion)) {
            List<Snapshot> copies;
            try {
                copies = store.list().stream().filter(s -> s.database().equals(database)).toList();
            } catch (RuntimeException e) {
                regions.add(new RegionImmutability(store.region(), null, CopyLock.unknown("listing failed: " + describe(e))));
                continue;
            }
            Optional<Snapshot> newest = copies.stream().max(Comparator.comparing(Snapshot::createdAt));
            regions.add(new RegionImmutability(store.region(), newest.map(s -> s.id().value()).orElse(null),
                    newest.map(s -> lockOf(store, s, now))
                            .orElseGet(() -> CopyLock.unknown("no copy of " + database + " in " + store.region()))));
            copies.stream().filter(s -> s.verification() == VerificationStatus.VERIFIED).forEach(s -> verified.put(s, store));
        }
        Optional<Snapshot> newestVerified = verified.keySet().stream().max(Comparator.comparing(Snapshot::createdAt));
        if (newestVerified.isEmpty()) {
            return new CopyProtection(regions, null, true, "no verified copy of " + database
                    + ": nothing proven restorable is out of the suite's reach");
        }
        SnapshotRef point = origin(newestVerified.get());
        Snapshot first = null;
        CopyLock firstLock = null;
        for (Map.Entry<Snapshot, SnapshotStore> e : verified.entrySet()) {
            if (!origin(e.getKey()).equals(point)) {
                continue;
            }
            CopyLock lock = lockOf(e.getValue(), e.getKey(), now);
            if (lock.holdsAt(now) && !lock.deletableBySuite()) {
                String copy = e.getKey().ref().toString();
                return new CopyProtection(regions, copy, false, "the newest verified copy " + copy + " is "
                        + lock.statement() + ": the suite's own credentials cannot delete it");
            }
            if (first == null || !firstLock.holdsAt(now) && lock.holdsAt(now)) {
                first = e.getKey(); // the copy that comes closest: a lock the suite could bypass beats none
                firstLock = lock;
            }
        }
        String copy = first.ref().toString();
        return new CopyProtection(regions, copy, true, "the newest verified copy " + copy
                + " can be deleted by the suite's own credentials: " + firstLock.statement() + " (" + firstLock.evidence() + ")");
    }

    /** The backup a copy is of: its source when it is a copy, else itself. */
    private static SnapshotRef origin(Snapshot s) {
        return s.copiedFrom().orElse(s.ref());
    }

    private static CopyLock lockOf(SnapshotStore store, Snapshot snapshot, Instant now) {
        try {
            return store.lockOf(snapshot, now);
        } catch (RuntimeException e) {
            return CopyLock.unknown("reading the lock of " + snapshot.ref() + " failed: " + describe(e));
        }
    }

    private static List<TableCount> tableCounts(DatabaseFacts facts, SnapshotManifest manifest) {
        TreeSet<String> names = new TreeSet<>(manifest.rowCounts().keySet());
        names.addAll(facts.rowCounts().keySet());
        return names.stream()
                .map(t -> new TableCount(t, manifest.rowCounts().getOrDefault(t, -1L), facts.rowCounts().getOrDefault(t, -1L)))
                .toList();
    }

    private static Map<String, String> auditDetails(DrillReport report) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("database", report.database());
        if (report.snapshotId() != null) {
            details.put("snapshot", report.snapshotId());
        }
        details.put("drillRegion", report.drillRegion());
        if (report.copyKind() != null) {
            details.put("copyKind", report.copyKind().name());
            details.put("copy", report.copy());
        }
        details.put("passed", Boolean.toString(report.passed()));
        if (report.protection() != null) {
            for (RegionImmutability r : report.protection().regions()) {
                details.put("immutability." + r.region(), r.lock().statement());
            }
            details.put("newestVerifiedCopyDeletable", Boolean.toString(report.protection().newestVerifiedCopyDeletable()));
        }
        if (report.rto() != null) {
            details.put("rtoSeconds", Long.toString(report.rto().toSeconds()));
        }
        if (report.rpo() != null) {
            details.put("rpoSeconds", Long.toString(report.rpo().toSeconds()));
        }
        for (StepTiming t : report.steps()) {
            details.put("step." + t.step().label() + ".millis", Long.toString(t.duration().toMillis()));
        }
        if (report.failure() != null) {
            details.put("failure", report.failure());
        }
        return details;
    }

    /** The database is named from the start, so a run that dies before its first save can still be found and closed. */
    private void claim(String runId, DrillRequest request, Instant now) {
        ledger.claim(new AuditRecord(runKey(runId), "drill", Outcome.STARTED, now, now,
                Map.of("database", request.database().value())));
    }

    public static RunKey runKey(String runId) {
        return new RunKey("drill/" + runId);
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

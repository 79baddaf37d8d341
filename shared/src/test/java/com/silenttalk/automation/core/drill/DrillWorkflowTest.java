package com.silenttalk.automation.core.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.EnvironmentFailedException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Immutability;
import com.silenttalk.automation.core.backup.InMemoryReplicator;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore.VerificationMark;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrillWorkflowTest {
    private static final String RUN = "r20261125t1930z";
    private static final String INSTANCE = "drill-" + RUN;
    private static final String PRIMARY = "eu-west-1";
    private static final String SECOND = "eu-central-1";
    private static final DatabaseId CHAT = new DatabaseId("chat");
    /** The drill starts at 19:30 on the day; the six-hourly snapshot of the 18:00 window was taken at 18:00:30. */
    private static final Instant T0 = Instant.parse("2026-11-25T19:30:00Z");
    private static final Instant SCHEDULED = Instant.parse("2026-11-25T18:00:30Z");
    private static final SnapshotId SNAPSHOT_ID = new SnapshotId("st-auto-chat-20261125t1800z");
    /** How long each turn's work takes: the clock reads this much after the turn's {@code now} when the step ends. */
    private static final Duration WORK = Duration.ofMinutes(1);
    private static final String FINGERPRINT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Map<String, Long> COUNTS = Map.of("public.users", 100L, "public.messages", 2500L);
    private static final SqlProbe PROBE = new SqlProbe("admins", "select count(*) from users where admin", "2");
    private static final SnapshotManifest MANIFEST = new SnapshotManifest(SNAPSHOT_ID, CHAT, SCHEDULED, "15.8",
            FINGERPRINT, COUNTS, "ab".repeat(32), 1_048_576);
    private static final Pattern SECRET_LOOKING =
            Pattern.compile("(?i)(password|passwd|secret|token|credential|BEGIN [A-Z ]*PRIVATE KEY|postgres(ql)?://[^@]*:[^@]*@)");

    private final InMemorySnapshotStore primary = new InMemorySnapshotStore(PRIMARY);
    private final InMemorySnapshotStore second = new InMemorySnapshotStore(SECOND);
    private final InMemoryReplicator replicator = new InMemoryReplicator(primary, second);
    private final FakeRestorer restorer = new FakeRestorer().pendingRestores(2, Duration.ofMinutes(10));
    private final FakeInspector inspector = new FakeInspector(
            new DatabaseFacts(true, true, "TLSv1.3", FINGERPRINT, COUNTS, Map.of("admins", "2")));
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final ManualClock clock = new ManualClock(T0);
    private final DrillWorkflow workflow = new DrillWorkflow(primary, second, replicator, restorer, inspector, ledger, clock);
    private final DrillRequest request =
            new DrillRequest(CHAT, Duration.ofHours(6), SECOND, DrillTargets.DEFAULT, List.of(PROBE), true);

    DrillWorkflowTest() {
        primary.add(new Snapshot(SNAPSHOT_ID, CHAT, PRIMARY, SCHEDULED, true, VerificationStatus.UNVERIFIED, Optional.empty()));
        primary.putManifest(MANIFEST);
    }

    /** One turn of the loop: when it ran and what it answered. */
    record Turn(Instant at, Advance<DrillState> result) {
        DrillStep stepAfter() {
            return result.state().step();
        }
    }

    /**
     * Runs the loop the way every engine does: advance, wait as told, repeat until done. Each
     * turn's work takes {@link #WORK}, so the next turn starts at {@code now + WORK + wait}.
     */
    private List<Turn> drive(DrillState state, Instant first) {
        List<Turn> turns = new ArrayList<>();
        Instant now = first;
        for (int i = 0; i < 50; i++) {
            clock.set(now.plus(WORK));
            Advance<DrillState> a = workflow.advance(state, now);
            turns.add(new Turn(now, a));
            if (a.isDone()) {
                return turns;
            }
            state = a.state();
            now = now.plus(WORK).plus(a.nextCheckAfter().orElseThrow());
        }
        throw new AssertionError("drill did not finish in 50 turns: " + state.step());
    }

    private DrillState finalState(List<Turn> turns) {
        return turns.get(turns.size() - 1).result().state();
    }

    private DrillReport runFull() {
        return finalState(drive(workflow.start(RUN, request, T0), T0)).report();
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private AuditRecord drillRecord() {
        assertThat(ledger.records("drill")).hasSize(1);
        return ledger.records("drill").get(0);
    }

    // ---- the happy path ------------------------------------------------------------------

    @Test
    void advance_whenEverythingHealthy_runsTheStepsInOrderWithTheirTimings() {
        List<Turn> turns = drive(workflow.start(RUN, request, T0), T0);

        assertThat(turns).extracting(Turn::at)
                .containsExactly(at(0), at(1), at(2), at(13), at(24), at(25), at(26), at(27));
        assertThat(turns).extracting(t -> t.result().nextCheckAfter())
                .containsExactly(Optional.of(Duration.ZERO), Optional.of(Duration.ZERO),
                        Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofMinutes(10)),
                        Optional.of(Duration.ZERO), Optional.of(Duration.ZERO), Optional.of(Duration.ZERO),
                        Optional.empty());
        DrillState done = finalState(turns);
        assertThat(done.step()).isEqualTo(DrillStep.DONE);
        DrillReport report = done.report();
        assertThat(report.steps()).extracting(StepTiming::step).containsExactly(
                DrillStep.SNAPSHOT, DrillStep.COPY, DrillStep.RESTORE, DrillStep.VERIFY, DrillStep.TEARDOWN, DrillStep.REPORT);
        assertThat(report.steps()).extracting(StepTiming::startedAt)
                .containsExactly(at(0), at(1), at(2), at(25), at(26), at(27));
        assertThat(report.steps()).extracting(StepTiming::finishedAt)
                .containsExactly(at(1), at(2), at(25), at(26), at(27), at(28));
        assertThat(report.steps()).extracting(StepTiming::bytes)
                .containsExactly(1_048_576L, 1_048_576L, 1_048_576L, 0L, 0L, 0L);
        assertThat(report.startedAt()).isEqualTo(T0);
        assertThat(report.finishedAt()).isEqualTo(at(28));
        assertThat(report.snapshotId()).isEqualTo(SNAPSHOT_ID.value());
        assertThat(report.sourceRegion()).isEqualTo(PRIMARY);
        assertThat(report.drillRegion()).isEqualTo(SECOND);
    }

    @Test
    void advance_whenEverythingHealthy_passesEveryCheckAndMeasuresRtoAndRpo() {
        DrillReport report = runFull();

        assertThat(report.passed()).isTrue();
        assertThat(report.failure()).isNull();
        assertThat(report.checks()).extracting(CheckResult::name).containsExactly(
                "integrity", "tls", "schema-fingerprint", "row-counts", "freshness", "probe:admins", "rto");
        assertThat(report.failedChecks()).isEmpty();
        // RTO = verified (19:56, end of the verify turn) - restore started (19:32, start of the first restore turn);
        // RPO = drill start (19:30) - consistent point (18:00:30)
        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(24));
        assertThat(report.rpo()).isEqualTo(Duration.ofMinutes(89).plusSeconds(30));
        assertThat(report.rtoTarget()).isEqualTo(Duration.ofMinutes(30));
        assertThat(report.rpoTarget()).isEqualTo(Duration.ofHours(6));
        assertThat(report.tables()).containsExactly(
                new TableCount("public.messages", 2500, 2500), new TableCount("public.users", 100, 100));
        assertThat(report.summary()).isEqualTo("drill " + RUN + " passed: RTO 24m00s (target 30m00s), RPO 1h29m (target 6h00m)"
                + "; flagged: the newest verified copy can be deleted by the suite's own credentials");
    }

    @Test
    void advance_whenEverythingHealthy_usesTheScheduledSnapshotAndRestoresTheReplica() {
        runFull();

        assertThat(primary.list()).hasSize(1);
        assertThat(primary.takeRequests()).extracting(InMemorySnapshotStore.TakeRequest::id).containsExactly(SNAPSHOT_ID);
        assertThat(replicator.requests()).hasSize(1);
        assertThat(restorer.restores()).hasSize(3).allSatisfy(call -> {
            assertThat(call.snapshot().region()).isEqualTo(SECOND);
            assertThat(call.snapshot().copiedFrom()).contains(primary.list().get(0).ref());
            assertThat(call.instanceName()).isEqualTo(INSTANCE);
        });
        assertThat(inspector.calls()).singleElement().satisfies(call -> assertThat(call.probes()).containsExactly(PROBE));
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
        assertThat(restorer.liveInstances()).isEmpty();
    }

    @Test
    void advance_whenDrillPasses_marksBothSnapshotsVerified() {
        runFull();

        assertThat(primary.verificationMarks()).containsExactly(new VerificationMark(SNAPSHOT_ID, VerificationStatus.VERIFIED, at(28)));
        assertThat(second.verificationMarks()).containsExactly(new VerificationMark(SNAPSHOT_ID, VerificationStatus.VERIFIED, at(28)));
        assertThat(primary.get(SNAPSHOT_ID).orElseThrow().verification()).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(second.get(SNAPSHOT_ID).orElseThrow().verification()).isEqualTo(VerificationStatus.VERIFIED);
    }

    @Test
    void start_claimsTheRunNamingItsDatabase_soARunKilledBeforeItsFirstSaveCanBeClosed() {
        workflow.start(RUN, request, T0);

        assertThat(drillRecord().outcome()).isEqualTo(Outcome.STARTED);
        assertThat(drillRecord().details()).containsExactlyEntriesOf(java.util.Map.of("database", request.database().value()));
    }

    @Test
    void advance_whenDrillPasses_leavesOneSucceededAuditRecordWithRtoRpoAndNoSecrets() {
        DrillState started = workflow.start(RUN, request, T0);
        assertThat(drillRecord().outcome()).isEqualTo(Outcome.STARTED);

        drive(started, T0);

        AuditRecord record = drillRecord();
        assertThat(record.key()).isEqualTo(DrillWorkflow.runKey(RUN));
        assertThat(record.key().value()).isEqualTo("drill/" + RUN);
        assertThat(record.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(record.startedAt()).isEqualTo(T0);
        assertThat(record.updatedAt()).isEqualTo(at(28));
        assertThat(record.details())
                .containsEntry("rtoSeconds", "1440")
                .containsEntry("rpoSeconds", "5370")
                .containsEntry("passed", "true")
                .containsEntry("database", "chat")
                .containsEntry("snapshot", SNAPSHOT_ID.value())
                .containsEntry("step.restore.millis", Long.toString(Duration.ofMinutes(23).toMillis()))
                .doesNotContainKey("failure");
        assertThat(record.details()).allSatisfy((k, v) -> {
            assertThat(k).doesNotContainPattern(SECRET_LOOKING);
            assertThat(v).doesNotContainPattern(SECRET_LOOKING).doesNotContain(FakeRestorer.CREDENTIALS_REF);
        });
        assertThat(ledger.records()).hasSize(1);
    }

    @Test
    void advance_whenAlreadyDone_staysDoneAndCallsNothing() {
        DrillState done = finalState(drive(workflow.start(RUN, request, T0), T0));
        int restores = restorer.restores().size();

        Advance<DrillState> again = workflow.advance(done, at(60));

        assertThat(again.isDone()).isTrue();
        assertThat(again.state()).isEqualTo(done);
        assertThat(restorer.restores()).hasSize(restores);
        assertThat(restorer.tearDowns()).hasSize(1);
    }

    @Test
    void advance_whenATurnIsDeliveredTwice_takesOneSnapshotAndOneCopy() {
        primary.manifestOnTake(s -> new SnapshotManifest(s.id(), s.database(), s.createdAt(), "15.8", FINGERPRINT,
                COUNTS, "cd".repeat(32), 10));
        Instant later = Instant.parse("2026-11-26T01:10:00Z"); // the 00:00 window: no snapshot yet
        DrillState started = workflow.start("r2", request, later);

        clock.set(later.plusSeconds(30));
        Advance<DrillState> first = workflow.advance(started, later);
        Advance<DrillState> redelivered = workflow.advance(started, later.plusSeconds(5));
        clock.set(later.plusSeconds(90));
        Advance<DrillState> copy1 = workflow.advance(redelivered.state(), later.plusSeconds(60));
        Advance<DrillState> copy2 = workflow.advance(redelivered.state(), later.plusSeconds(70));

        assertThat(first.state().snapshot()).isEqualTo(redelivered.state().snapshot());
        assertThat(primary.list()).extracting(Snapshot::id)
                .containsExactly(SNAPSHOT_ID, new SnapshotId("st-auto-chat-20261126t0000z"));
        assertThat(copy1.state().replica()).isEqualTo(copy2.state().replica());
        assertThat(second.list()).hasSize(1);
        DrillReport report = finalState(drive(copy2.state(), later.plusSeconds(120))).report();
        assertThat(report.passed()).isTrue();
        assertThat(report.snapshotId()).isEqualTo("st-auto-chat-20261126t0000z");
    }

    // ---- failures ------------------------------------------------------------------------

    enum Failure {
        SNAPSHOT("throttled: rate exceeded"),
        COPY("copy quota exceeded"),
        RESTORE("no free port"),
        VERIFY("connection refused");

        final String message;

        Failure(String message) {
            this.message = message;
        }
    }

    private void inject(Failure failure) {
        switch (failure) {
            case SNAPSHOT -> primary.failTakesWith(new IllegalStateException(failure.message));
            case COPY -> replicator.failWith(new IllegalStateException(failure.message));
            case RESTORE -> restorer.failRestore(failure.message);
            case VERIFY -> inspector.failWith(new IllegalStateException(failure.message));
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void advance_whenAStepFails_tearsDownOnceAndReportsWhichStepAndWhy(Failure failure) {
        inject(failure);
        DrillStep failedStep = DrillStep.valueOf(failure.name());

        DrillState done = finalState(drive(workflow.start(RUN, request, T0), T0));

        DrillReport report = done.report();
        String expected = "step " + failedStep.label() + " failed: IllegalStateException: " + failure.message;
        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isEqualTo(expected);
        assertThat(report.summary()).isEqualTo("drill " + RUN + " FAILED: " + expected);
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
        assertThat(restorer.liveInstances()).isEmpty();
        List<DrillStep> ran = new ArrayList<>(List.of(DrillStep.values()).subList(0, failedStep.ordinal() + 1));
        ran.add(DrillStep.TEARDOWN);
        ran.add(DrillStep.REPORT);
        assertThat(report.steps()).extracting(StepTiming::step).containsExactlyElementsOf(ran);
        assertThat(report.steps().get(failedStep.ordinal()).detail()).isEqualTo("failed: " + expected);
        assertThat(report.checks()).as("the failed step is itself a failed check").contains(
                CheckResult.fail(failedStep.label(), failure.message));
        assertThat(report.failureKind()).as("an unclassified exception is a bug").isEqualTo(FailureKind.INTERNAL);
        assertThat(report.rto()).isNull();
        assertThat(primary.verificationMarks()).isEmpty();
        assertThat(second.verificationMarks()).isEmpty();
        AuditRecord record = drillRecord();
        assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(record.details()).containsEntry("failure", expected).containsEntry("passed", "false");
    }

    @Test
    void advance_whenAToolFails_reportsItsErrorAsTheStepsCheckAndAnEnvironmentFailure() {
        String error = "pg_restore exited 1: pg_restore: error: could not execute query: ERROR:  role \"app\" does not exist";
        restorer.failRestoreWith(new EnvironmentFailedException(error));

        DrillReport report = runFull();

        assertThat(report.passed()).isFalse();
        assertThat(report.failureKind()).isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(report.failedChecks()).containsExactly(CheckResult.fail("restore", error));
        assertThat(report.summary()).as("the error is said once").containsOnlyOnce("does not exist");
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
        assertThat(second.verificationMarks()).isEmpty();
    }

    @Test
    void advance_whenAnAdapterFindsAFailedCheck_reportsThatCheckAsACheckFailure() {
        CheckResult plaintext = CheckResult.fail("source-tls", "the connection is not encrypted (sslmode prefer)");
        Instant later = Instant.parse("2026-11-26T01:10:00Z");
        primary.failTakesWith(new FailedCheckException(plaintext));

        DrillReport report = finalState(drive(workflow.start(RUN, request, later), later)).report();

        assertThat(report.failureKind()).isEqualTo(FailureKind.CHECK);
        assertThat(report.failedChecks()).containsExactly(plaintext);
        assertThat(replicator.requests()).isEmpty();
    }

    @Test
    void advance_whenTheWindowsSnapshotIsOfAnotherDatabase_refusesItAsInputWithoutCopying() {
        SourceIdentity pgb = new SourceIdentity("127.0.0.1", 5432, "pgb", "7301", "15.8");
        primary.putManifest(MANIFEST.describingSource(pgb, null, null));
        DrillRequest aboutOther = request.about(new SourceIdentity("127.0.0.1", 5432, "other", "7301", "15.8"), false);

        DrillReport report = finalState(drive(workflow.start(RUN, aboutOther, T0), T0)).report();

        assertThat(report.passed()).isFalse();
        assertThat(report.failureKind()).isEqualTo(FailureKind.INPUT);
        assertThat(report.failure()).contains("database \"pgb\"", "database \"other\"");
        assertThat(report.tables()).as("pgb's tables are never reported as other's").isEmpty();
        assertThat(replicator.requests()).isEmpty();
        assertThat(primary.verificationMarks()).isEmpty();
    }

    @Test
    void advance_whenTheWindowsSnapshotIsOfTheSourceAskedAbout_reportsItsIdentity() {
        SourceIdentity chat = new SourceIdentity("db.internal", 5432, "chat", "7301", "15.8");
        primary.putManifest(MANIFEST.describingSource(chat, null, null));

        DrillReport report = finalState(drive(workflow.start(RUN, request.about(chat, false), T0), T0)).report();

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.checks()).contains(CheckResult.pass("source-identity", "snapshot of " + chat.describe()));
    }

    @Test
    void advance_whenTheReplicaFailsIntegrity_failsTheIntegrityCheckAndMarksOnlyTheReplica() {
        String why = "sha256 of " + SNAPSHOT_ID + " in " + SECOND + " is 00aa..., manifest says abab...";
        restorer.failIntegrity(why);

        DrillReport report = runFull();

        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isEqualTo(why);
        assertThat(report.checks()).containsExactly(CheckResult.fail("integrity", why));
        assertThat(second.verificationMarks()).containsExactly(new VerificationMark(SNAPSHOT_ID, VerificationStatus.FAILED, at(5)));
        assertThat(primary.verificationMarks()).isEmpty();
        assertThat(primary.get(SNAPSHOT_ID).orElseThrow().verification()).isEqualTo(VerificationStatus.UNVERIFIED);
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
        assertThat(inspector.calls()).isEmpty();
        assertThat(drillRecord().outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void advance_whenTheSnapshotHasNoManifest_failsIntegrityWithoutCopyingOrMarking() {
        Instant later = Instant.parse("2026-11-26T01:10:00Z");
        primary.manifestOnTake(s -> null);

        DrillReport report = finalState(drive(workflow.start(RUN, request, later), later)).report();

        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isEqualTo("snapshot st-auto-chat-20261126t0000z has no manifest in eu-west-1");
        assertThat(report.failedChecks()).extracting(CheckResult::name).containsExactly("integrity");
        assertThat(report.rpo()).isNull();
        assertThat(replicator.requests()).isEmpty();
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
        assertThat(primary.verificationMarks()).isEmpty();
        assertThat(second.verificationMarks()).isEmpty();
    }

    @Test
    void advance_whenACheckFails_tearsDownFailsTheReportAndMarksBothSnapshotsFailed() {
        inspector.returning(new DatabaseFacts(true, true, "TLSv1.3", FINGERPRINT,
                Map.of("public.users", 100L, "public.messages", 2499L), Map.of("admins", "2")));

        DrillReport report = runFull();

        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isNull();
        assertThat(report.failedChecks()).containsExactly(
                CheckResult.fail("row-counts", "public.messages: restored 2499 rows, snapshot had 2500"));
        assertThat(report.summary()).endsWith("FAILED; check row-counts: public.messages: restored 2499 rows, snapshot had 2500");
        assertThat(report.tables()).contains(new TableCount("public.messages", 2500, 2499));
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
        assertThat(primary.verificationMarks()).extracting(VerificationMark::status).containsExactly(VerificationStatus.FAILED);
        assertThat(second.verificationMarks()).extracting(VerificationMark::status).containsExactly(VerificationStatus.FAILED);
        assertThat(drillRecord().outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void advance_whenRtoIsOverTarget_failsTheReportWithAnRtoCheck() {
        restorer.pendingRestores(3, Duration.ofMinutes(10)); // restore starts at +2, ready at +35, verified at +37

        DrillReport report = runFull();

        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(35));
        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isNull();
        assertThat(report.failedChecks()).containsExactly(
                CheckResult.fail("rto", "RTO 35 min (restore start to verified), target 30 min, over by 5 min"));
        assertThat(drillRecord().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(drillRecord().details()).containsEntry("rtoSeconds", "2100");
    }

    // ---- pending progress ----------------------------------------------------------------

    @Test
    void advance_whenSnapshotIsPending_staysOnTheStepAndSaysWhenToCheck() {
        primary.pendingTakes(1, Duration.ofMinutes(3));
        DrillState started = workflow.start(RUN, request, T0);

        Advance<DrillState> a = workflow.advance(started, T0);

        assertThat(a.isDone()).isFalse();
        assertThat(a.nextCheckAfter()).contains(Duration.ofMinutes(3));
        assertThat(a.state().step()).isEqualTo(DrillStep.SNAPSHOT);
        assertThat(a.state().timings()).isEmpty();
    }

    @Test
    void advance_whenCopyIsPending_waitsAndTheCopyStepCoversTheWait() {
        replicator.pendingCopies(2, Duration.ofMinutes(4));

        List<Turn> turns = drive(workflow.start(RUN, request, T0), T0);

        assertThat(turns.get(1).result().nextCheckAfter()).contains(Duration.ofMinutes(4));
        assertThat(turns.get(1).stepAfter()).isEqualTo(DrillStep.COPY);
        StepTiming copy = finalState(turns).report().steps().get(1);
        assertThat(copy.step()).isEqualTo(DrillStep.COPY);
        assertThat(copy.duration()).isEqualTo(Duration.ofMinutes(11)); // two pending turns (1 + 4 each) and the turn that finishes (1)
        assertThat(replicator.requests()).hasSize(3);
    }

    @Test
    void advance_whenRestoreIsPending_keepsTheFirstRestoreStart() {
        List<Turn> turns = drive(workflow.start(RUN, request, T0), T0);

        assertThat(turns.get(3).stepAfter()).isEqualTo(DrillStep.RESTORE);
        assertThat(turns.get(3).result().state().restoreStartedAt()).isEqualTo(at(2));
        assertThat(finalState(turns).restoreStartedAt()).isEqualTo(at(2));
        assertThat(finalState(turns).verifiedAt()).isEqualTo(at(26));
    }

    // ---- teardown ------------------------------------------------------------------------

    @Test
    void advance_whenTeardownFailsTwiceThenSucceeds_retriesWithGrowingBackoffAndPasses() {
        restorer.failTearDown(2);

        List<Turn> turns = drive(workflow.start(RUN, request, T0), T0);

        List<Turn> teardownTurns = turns.stream().filter(t -> t.at().isAfter(at(25))).toList();
        assertThat(teardownTurns).extracting(t -> t.result().nextCheckAfter()).containsExactly(
                Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofSeconds(20)), Optional.of(Duration.ZERO),
                Optional.empty());
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE, INSTANCE, INSTANCE);
        assertThat(restorer.liveInstances()).isEmpty();
        DrillState done = finalState(turns);
        assertThat(done.teardownAttempts()).isEqualTo(2);
        assertThat(done.report().passed()).isTrue();
        assertThat(done.report().failure()).isNull();
    }

    @Test
    void advance_whenTeardownFailsThreeTimes_reportsRemoveItByHand() {
        restorer.failTearDown(3);

        DrillState done = finalState(drive(workflow.start(RUN, request, T0), T0));

        assertThat(restorer.tearDowns()).containsExactly(INSTANCE, INSTANCE, INSTANCE);
        assertThat(restorer.liveInstances()).containsExactly(INSTANCE);
        DrillReport report = done.report();
        assertThat(report.passed()).isFalse();
        assertThat(report.failure()).isEqualTo("teardown of " + INSTANCE + " failed 3 times, remove it by hand: "
                + "IllegalStateException: instance " + INSTANCE + " is still stopping");
        assertThat(report.steps()).extracting(StepTiming::step).endsWith(DrillStep.TEARDOWN, DrillStep.REPORT);
        assertThat(drillRecord().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(drillRecord().details().get("failure")).contains("remove it by hand");
    }

    @Test
    void advance_whenAStepFailedAndTeardownFailsToo_reportsBothReasons() {
        restorer.failRestore("disk full").failTearDown(3);

        DrillReport report = runFull();

        assertThat(report.failure()).startsWith("step restore failed: IllegalStateException: disk full; teardown of "
                + INSTANCE + " failed 3 times, remove it by hand");
        assertThat(restorer.tearDowns()).hasSize(3);
    }

    @Test
    void advance_whenTeardownIsPending_waitsWithoutCountingAnAttempt() {
        restorer.pendingTearDowns(1, Duration.ofSeconds(45));

        List<Turn> turns = drive(workflow.start(RUN, request, T0), T0);

        assertThat(turns.get(6).result().nextCheckAfter()).contains(Duration.ofSeconds(45));
        assertThat(turns.get(6).stepAfter()).isEqualTo(DrillStep.TEARDOWN);
        assertThat(finalState(turns).teardownAttempts()).isZero();
        assertThat(finalState(turns).report().passed()).isTrue();
    }

    // ---- drilling an existing replica ----------------------------------------------------

    @Test
    void startFromReplica_whenHealthy_restoresVerifiesAndMarksOnlyTheReplica() {
        Snapshot replica = new Snapshot(SNAPSHOT_ID, CHAT, SECOND, SCHEDULED.plusSeconds(600), true,
                VerificationStatus.UNVERIFIED, Optional.of(new com.silenttalk.automation.core.backup.SnapshotRef(PRIMARY, SNAPSHOT_ID)));
        second.add(replica).putManifest(MANIFEST);

        DrillState done = finalState(drive(workflow.startFromReplica(RUN, request, replica, MANIFEST, T0), T0));

        assertThat(done.report().passed()).isTrue();
        assertThat(done.report().steps()).extracting(StepTiming::step)
                .containsExactly(DrillStep.RESTORE, DrillStep.VERIFY, DrillStep.TEARDOWN, DrillStep.REPORT);
        assertThat(done.report().sourceRegion()).isEqualTo(SECOND);
        assertThat(primary.takeRequests()).isEmpty();
        assertThat(replicator.requests()).isEmpty();
        assertThat(primary.verificationMarks()).isEmpty();
        assertThat(second.verificationMarks()).extracting(VerificationMark::status).containsExactly(VerificationStatus.VERIFIED);
        assertThat(restorer.tearDowns()).containsExactly(INSTANCE);
    }

    // ---- evidence: are the copies out of the suite's reach? -------------------------------

    @Test
    void advance_whenNoRegionLocksItsCopies_saysNotImmutablePerRegionAndFlagsTheDatabase() {
        DrillReport report = runFull();

        assertThat(report.copyKind()).isEqualTo(com.silenttalk.automation.core.backup.CopyKind.SUITE_SNAPSHOT);
        assertThat(report.copy()).isEqualTo(SECOND + "/" + SNAPSHOT_ID.value());
        CopyProtection protection = report.protection();
        assertThat(protection.regions()).extracting(RegionImmutability::region).containsExactly(PRIMARY, SECOND);
        assertThat(protection.regions()).allSatisfy(r -> {
            assertThat(r.snapshotId()).isEqualTo(SNAPSHOT_ID.value());
            assertThat(r.lock().immutability()).isEqualTo(Immutability.NOT_IMMUTABLE);
            assertThat(r.lock().statement()).isEqualTo("not immutable");
            assertThat(r.lock().retainUntil()).isNull();
        });
        assertThat(protection.newestVerifiedCopyDeletable()).isTrue();
        assertThat(protection.newestVerifiedCopy()).isEqualTo(PRIMARY + "/" + SNAPSHOT_ID.value());
        assertThat(protection.finding()).contains("can be deleted by the suite's own credentials: not immutable");
        assertThat(drillRecord().details()).containsEntry("immutability." + PRIMARY, "not immutable")
                .containsEntry("immutability." + SECOND, "not immutable")
                .containsEntry("newestVerifiedCopyDeletable", "true")
                .containsEntry("copyKind", "SUITE_SNAPSHOT");
    }

    @Test
    void advance_whenTheDrillRegionLocksTheCopy_namesTheRetainUntilReadBackAndDoesNotFlag() {
        Instant until = Instant.parse("2026-12-25T18:00:30Z");
        second.lock(SNAPSHOT_ID, CopyLock.until(until, "COMPLIANCE", false, "GetObjectRetention: COMPLIANCE until " + until));

        DrillReport report = runFull();

        RegionImmutability dr = report.protection().regions().get(1);
        assertThat(dr.region()).isEqualTo(SECOND);
        assertThat(dr.lock().immutability()).isEqualTo(Immutability.IMMUTABLE);
        assertThat(dr.lock().retainUntil()).isEqualTo(until);
        assertThat(dr.lock().statement()).isEqualTo("immutable until 2026-12-25T18:00:30Z (COMPLIANCE)");
        assertThat(report.protection().regions().get(0).lock().immutability()).isEqualTo(Immutability.NOT_IMMUTABLE);
        assertThat(report.protection().newestVerifiedCopyDeletable()).isFalse();
        assertThat(report.protection().newestVerifiedCopy()).isEqualTo(SECOND + "/" + SNAPSHOT_ID.value());
        assertThat(report.summary()).doesNotContain("flagged");
        assertThat(second.lockReads()).contains(new com.silenttalk.automation.core.backup.SnapshotRef(SECOND, SNAPSHOT_ID));
    }

    @Test
    void advance_whenTheLockIsOneTheSuiteMayBypass_flagsTheDatabase() {
        second.lock(SNAPSHOT_ID, CopyLock.until(Instant.parse("2026-12-25T18:00:30Z"), "GOVERNANCE", true, "governance mode"));

        DrillReport report = runFull();

        assertThat(report.protection().regions().get(1).lock().immutability()).isEqualTo(Immutability.IMMUTABLE);
        assertThat(report.protection().newestVerifiedCopyDeletable()).isTrue();
        assertThat(report.protection().finding()).contains("immutable until 2026-12-25T18:00:30Z (GOVERNANCE) (governance mode)");
    }

    @Test
    void advance_whenAContentCheckFails_noCopyIsVerifiedAndTheDatabaseIsFlagged() {
        second.lock(SNAPSHOT_ID, CopyLock.until(Instant.parse("2026-12-25T18:00:30Z"), "COMPLIANCE", false, "locked"));
        inspector.returning(new DatabaseFacts(true, true, "TLSv1.3", "another-fingerprint", COUNTS, Map.of("admins", "2")));

        DrillReport report = runFull();

        assertThat(report.passed()).isFalse();
        assertThat(report.protection().newestVerifiedCopy()).isNull();
        assertThat(report.protection().newestVerifiedCopyDeletable()).isTrue();
        assertThat(report.protection().finding()).startsWith("no verified copy of chat");
    }

    @Test
    void advance_whenALockCannotBeRead_saysUnknownAndStillReportsTheProvenRestore() {
        second.failLockReadsWith(new IllegalStateException("bucket unreachable"));

        DrillReport report = runFull();

        assertThat(report.passed()).isTrue();
        RegionImmutability dr = report.protection().regions().get(1);
        assertThat(dr.lock().immutability()).isEqualTo(Immutability.UNKNOWN);
        assertThat(dr.lock().evidence()).contains("IllegalStateException: bucket unreachable");
        assertThat(report.protection().newestVerifiedCopyDeletable()).isTrue();
    }

    @Test
    void advance_whenTheRestoreIsAnApiJob_handsTheJobBackOnEveryLaterTurn() {
        DrillState done = finalState(drive(workflow.start(RUN, request, T0), T0));

        // pendingRestores(2): the first call starts the job, the next two poll it
        assertThat(restorer.jobsGivenBack()).containsExactly(null, "restore-job-1", "restore-job-1");
        assertThat(done.restoreJob()).isEqualTo("restore-job-1");
        assertThat(done.report().passed()).isTrue();
    }
}

package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.PruneSnapshots.Result;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PruneSnapshotsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final String A = "eu-west-1";
    private static final String B = "eu-central-1";
    private static final BackupPolicy POLICY = BackupPolicy.defaults(List.of(B));

    private final InMemorySnapshotStore primary = new InMemorySnapshotStore(A);
    private final InMemorySnapshotStore second = new InMemorySnapshotStore(B);
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final PruneSnapshots prune = new PruneSnapshots(List.of(primary, second), ledger, Clock.fixed(NOW, ZoneOffset.UTC));

    // expired and unprotected: both go
    private final Snapshot old1 = snap("st-auto-chat-old1", Duration.ofDays(50), VerificationStatus.UNVERIFIED);
    private final Snapshot old2 = snap("st-auto-chat-old2", Duration.ofDays(45), VerificationStatus.FAILED);
    // the newest verified: stays, and so does its copy
    private final Snapshot verified = snap("st-auto-chat-verified", Duration.ofDays(40), VerificationStatus.VERIFIED);
    private final Snapshot verifiedCopy = new Snapshot(verified.id(), CHAT, B, NOW.minus(Duration.ofDays(40)), true,
            VerificationStatus.UNVERIFIED, Optional.of(verified.ref()));
    // the copy of an expired source, itself expired: goes
    private final Snapshot old1Copy = new Snapshot(old1.id(), CHAT, B, NOW.minus(Duration.ofDays(50)), true,
            VerificationStatus.UNVERIFIED, Optional.of(old1.ref()));
    private final Snapshot recent = snap("st-auto-chat-recent", Duration.ofHours(6), VerificationStatus.UNVERIFIED);
    private final Snapshot manual = new Snapshot(new SnapshotId("manual-before-upgrade"), CHAT, A,
            NOW.minus(Duration.ofDays(400)), false, VerificationStatus.UNVERIFIED, Optional.empty());

    PruneSnapshotsTest() {
        primary.add(old1).add(old2).add(verified).add(recent).add(manual);
        second.add(verifiedCopy).add(old1Copy);
    }

    private static Snapshot snap(String id, Duration age, VerificationStatus status) {
        return new Snapshot(new SnapshotId(id), CHAT, A, NOW.minus(age), true, status, Optional.empty());
    }

    @Test
    void execute_whenDryRun_returnsThePlanAndDeletesNothing() {
        Result result = prune.execute(POLICY, true);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.plan().delete()).containsExactly(old1Copy, old1, old2);
        assertThat(result.deleted()).isEmpty();
        assertThat(primary.deleteRequests()).isEmpty();
        assertThat(second.deleteRequests()).isEmpty();
        assertThat(primary.list()).hasSize(5);
        assertThat(ledger.records()).isEmpty();
    }

    @Test
    void execute_whenReal_deletesOnlyWhatThePlanAllowsInEachRegion() {
        Result result = prune.execute(POLICY, false);

        assertThat(result.dryRun()).isFalse();
        assertThat(result.deleted()).containsExactly(old1Copy, old1, old2);
        assertThat(result.failures()).isEmpty();
        assertThat(primary.deleted()).containsExactly(old1, old2);
        assertThat(second.deleted()).containsExactly(old1Copy);
        assertThat(primary.list()).containsExactly(verified, recent, manual);
        assertThat(second.list()).containsExactly(verifiedCopy);
    }

    @Test
    void execute_whenReal_writesOneSucceededAuditRecord() {
        prune.execute(POLICY, false);

        assertThat(ledger.records("prune")).singleElement().satisfies(r -> {
            assertThat(r.key().value()).isEqualTo("prune/2026-11-25T18:00:00Z");
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.updatedAt()).isEqualTo(NOW);
            assertThat(r.details()).containsEntry("kept", "4")
                    .containsEntry("deleted", "eu-central-1/st-auto-chat-old1,eu-west-1/st-auto-chat-old1,eu-west-1/st-auto-chat-old2")
                    .doesNotContainKey("failures");
        });
    }

    @Test
    void execute_whenOneDeleteFails_deletesTheOthersAndReportsIt() {
        second.failDeleteOf(old1Copy.id());

        Result result = prune.execute(POLICY, false);

        assertThat(result.deleted()).containsExactly(old1, old2);
        assertThat(result.failures()).containsOnlyKeys(old1Copy.ref());
        assertThat(result.failures().get(old1Copy.ref()))
                .isEqualTo("IllegalStateException: snapshot eu-central-1/st-auto-chat-old1 is in use by another operation");
        assertThat(second.list()).contains(old1Copy);
        AuditRecord record = ledger.records("prune").get(0);
        assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(record.details()).containsEntry("failures", "eu-central-1/st-auto-chat-old1")
                .containsEntry("deleted", "eu-west-1/st-auto-chat-old1,eu-west-1/st-auto-chat-old2");
    }

    @Test
    void execute_whenNoPolicy_throwsAndDeletesNothing() {
        assertThatThrownBy(() -> prune.execute(null, false)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("nothing will be deleted");

        assertThat(primary.deleteRequests()).isEmpty();
        assertThat(second.deleteRequests()).isEmpty();
        assertThat(ledger.records()).isEmpty();
    }

    @Test
    void execute_whenNothingExpired_deletesNothingAndStillAudits() {
        InMemorySnapshotStore fresh = new InMemorySnapshotStore(A).add(recent);
        PruneSnapshots quiet = new PruneSnapshots(List.of(fresh), ledger, Clock.fixed(NOW, ZoneOffset.UTC));

        Result result = quiet.execute(POLICY, false);

        assertThat(result.deleted()).isEmpty();
        assertThat(fresh.deleteRequests()).isEmpty();
        assertThat(ledger.records("prune")).singleElement()
                .satisfies(r -> assertThat(r.details()).containsEntry("kept", "1").containsEntry("deleted", ""));
    }

    // ---- copies their store reports locked -------------------------------------------------

    @Test
    void execute_whenAnExpiredCopyIsStillLocked_keepsItLockedUntilItsDateAndNeverAsksToDeleteIt() {
        Instant until = NOW.plus(Duration.ofDays(3));
        second.lock(old1.id(), CopyLock.until(until, "COMPLIANCE", false, "GetObjectRetention: COMPLIANCE"));

        Result result = prune.execute(POLICY, false);

        assertThat(second.deleteRequests()).isEmpty();
        assertThat(second.list()).contains(old1Copy);
        assertThat(result.deleted()).containsExactly(old1, old2);
        assertThat(result.plan().keep()).contains(old1Copy);
        assertThat(result.plan().reasonFor(old1Copy)).startsWith("locked until 2026-11-28T18:00:00Z (COMPLIANCE), past retention");
        assertThat(result.locked()).containsOnlyKeys(old1Copy.ref());
        assertThat(ledger.records().get(0).details()).containsEntry("locked", old1Copy.ref().toString());
    }

    @Test
    void execute_whenDryRun_showsTheLockedCopyAsKeptWithItsDate() {
        second.lock(old1.id(), CopyLock.until(NOW.plus(Duration.ofDays(3)), "GOVERNANCE", true, "governance"));

        Result result = prune.execute(POLICY, true);

        assertThat(result.plan().delete()).containsExactly(old1, old2);
        assertThat(result.plan().reasonFor(old1Copy)).startsWith("locked until 2026-11-28T18:00:00Z (GOVERNANCE)");
        assertThat(second.deleteRequests()).isEmpty();
    }

    @Test
    void execute_whenALockHasExpired_deletesTheCopyAsPlanned() {
        second.lock(old1.id(), CopyLock.until(NOW.minus(Duration.ofSeconds(1)), "COMPLIANCE", false, "expired"));

        Result result = prune.execute(POLICY, false);

        assertThat(result.locked()).isEmpty();
        assertThat(second.deleted()).containsExactly(old1Copy);
        assertThat(second.lockReads()).containsExactly(old1Copy.ref());
    }
}

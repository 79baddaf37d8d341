package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.backup.TakeSnapshots.Result;
import com.silenttalk.automation.core.backup.TakeSnapshots.Status;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TakeSnapshotsTest {
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final DatabaseId BILLING = new DatabaseId("billing");
    private static final BackupPolicy POLICY = BackupPolicy.defaults(List.of("eu-central-1"));
    private static final Instant FIRST = Instant.parse("2026-11-25T12:00:07Z");
    private static final Instant SAME_WINDOW = Instant.parse("2026-11-25T17:59:00Z");
    private static final Instant NEXT_WINDOW = Instant.parse("2026-11-25T18:00:02Z");

    private final InMemorySnapshotStore store = new InMemorySnapshotStore("eu-west-1");
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();

    private List<Result> trigger(Instant at, DatabaseId... databases) {
        return new TakeSnapshots(store, ledger, Clock.fixed(at, ZoneOffset.UTC)).execute(List.of(databases), POLICY);
    }

    @Test
    void execute_whenFirstTriggerInWindow_takesOneSnapshotPerDatabase() {
        List<Result> results = trigger(FIRST, CHAT, BILLING);

        assertThat(results).containsExactly(
                new Result(CHAT, new SnapshotId("st-auto-chat-20261125t1200z"), Status.TAKEN),
                new Result(BILLING, new SnapshotId("st-auto-billing-20261125t1200z"), Status.TAKEN));
        assertThat(store.list()).extracting(Snapshot::createdAt).containsOnly(FIRST);
        assertThat(store.list()).allMatch(Snapshot::createdBySuite);
        AuditRecord record = ledger.find(new RunKey("snapshot/chat/20261125t1200z")).orElseThrow();
        assertThat(record.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(record.details()).isEqualTo(Map.of("snapshot", "st-auto-chat-20261125t1200z", "region", "eu-west-1"));
    }

    @Test
    void execute_whenSecondTriggerInSameWindow_isAlreadyTakenAndTheStoreWasAskedOnce() {
        trigger(FIRST, CHAT);

        List<Result> second = trigger(SAME_WINDOW, CHAT);

        assertThat(second).containsExactly(new Result(CHAT, new SnapshotId("st-auto-chat-20261125t1200z"), Status.ALREADY_TAKEN));
        assertThat(store.takeRequests()).hasSize(1);
        assertThat(store.list()).hasSize(1);
        assertThat(ledger.records("snapshot")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED));
    }

    @Test
    void execute_whenGivenTheTriggersWindow_namesTheSnapshotForItEvenWhenRunInTheNextWindow() {
        SnapshotWindow scheduled = SnapshotWindow.containing(FIRST, POLICY.interval());

        List<Result> late = new TakeSnapshots(store, ledger, Clock.fixed(NEXT_WINDOW, ZoneOffset.UTC))
                .execute(List.of(CHAT), scheduled);

        assertThat(late).containsExactly(new Result(CHAT, new SnapshotId("st-auto-chat-20261125t1200z"), Status.TAKEN));
        assertThat(ledger.find(new RunKey("snapshot/chat/20261125t1200z"))).isPresent();
        assertThat(ledger.find(new RunKey("snapshot/chat/20261125t1800z"))).isEmpty();
    }

    @Test
    void execute_whenNextWindow_takesANewSnapshot() {
        trigger(FIRST, CHAT);

        List<Result> next = trigger(NEXT_WINDOW, CHAT);

        assertThat(next).containsExactly(new Result(CHAT, new SnapshotId("st-auto-chat-20261125t1800z"), Status.TAKEN));
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void execute_whenStoreIsStillCreating_isPendingAndTheNextTriggerFinishesTheSameSnapshot() {
        store.pendingTakes(1, Duration.ofMinutes(5));

        List<Result> first = trigger(FIRST, CHAT);
        RunKey key = new RunKey("snapshot/chat/20261125t1200z");
        Outcome afterFirst = ledger.find(key).orElseThrow().outcome();
        List<Result> second = trigger(SAME_WINDOW, CHAT);

        assertThat(first).extracting(Result::status).containsExactly(Status.PENDING);
        assertThat(afterFirst).isEqualTo(Outcome.STARTED);
        assertThat(second).extracting(Result::status).containsExactly(Status.ALREADY_TAKEN);
        assertThat(store.takeRequests()).extracting(InMemorySnapshotStore.TakeRequest::id).containsOnly(
                new SnapshotId("st-auto-chat-20261125t1200z"));
        assertThat(store.list()).hasSize(1);
        assertThat(ledger.find(key).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void execute_whenTheStoreFails_leavesTheRunStartedSoTheNextTriggerRetries() {
        store.failTakesWith(new IllegalStateException("throttled"));

        assertThatThrownBy(() -> trigger(FIRST, CHAT)).isInstanceOf(IllegalStateException.class);

        assertThat(ledger.find(new RunKey("snapshot/chat/20261125t1200z")).orElseThrow().outcome()).isEqualTo(Outcome.STARTED);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void execute_whenNoDatabases_doesNothing() {
        assertThat(trigger(FIRST)).isEmpty();
        assertThat(store.takeRequests()).isEmpty();
        assertThat(ledger.records()).isEmpty();
    }

    /** The database's snapshots in the store against a quota (RDS counts per region and kind). */
    private SnapshotHeadroom quotaOf(int quota) {
        return new SnapshotHeadroom() {
            @Override
            public int headroom(DatabaseId database) {
                return quota - (int) store.list().stream().filter(s -> s.database().equals(database)).count();
            }

            @Override
            public String quota() {
                return "the manual snapshot quota (" + quota + ") in eu-west-1";
            }
        };
    }

    private TakeSnapshots.Outcomes triggerWithinQuota(int quota, Instant at, DatabaseId... databases) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        return new TakeSnapshots(store, quotaOf(quota), new PruneSnapshots(List.of(store), ledger, clock), ledger, clock)
                .executeWithinQuota(List.of(databases), SnapshotWindow.containing(at, POLICY.interval()), POLICY);
    }

    @Test
    void executeWithinQuota_whenThereIsRoom_takesEveryDatabaseAndPrunesNothing() {
        TakeSnapshots.Outcomes outcomes = triggerWithinQuota(100, FIRST, CHAT, BILLING);

        assertThat(outcomes.results()).extracting(Result::status).containsExactly(Status.TAKEN, Status.TAKEN);
        assertThat(outcomes.skipped()).isEmpty();
        assertThat(outcomes.pruned()).isFalse();
        assertThat(ledger.records("prune")).isEmpty();
    }

    @Test
    void executeWithinQuota_whenFullAndPruningFreesRoom_prunesOnceAndTakes() {
        store.add(new Snapshot(new SnapshotId("st-auto-chat-20260901t0000z"), CHAT, "eu-west-1",
                FIRST.minus(Duration.ofDays(60)), true, VerificationStatus.UNVERIFIED, java.util.Optional.empty()));
        store.add(new Snapshot(new SnapshotId("st-auto-chat-20260901t0600z"), CHAT, "eu-west-1",
                FIRST.minus(Duration.ofDays(59)), true, VerificationStatus.UNVERIFIED, java.util.Optional.empty()));

        TakeSnapshots.Outcomes outcomes = triggerWithinQuota(2, FIRST, CHAT, BILLING);

        assertThat(outcomes.pruned()).isTrue();
        assertThat(store.deleted()).hasSize(2);
        assertThat(outcomes.results()).extracting(Result::database).containsExactly(CHAT, BILLING);
        assertThat(outcomes.skipped()).isEmpty();
    }

    @Test
    void executeWithinQuota_whenStillFullAfterPruning_skipsAndRecordsWhyUnderTheSnapshotsKey() {
        store.add(new Snapshot(new SnapshotId("st-auto-chat-20261125t0600z"), CHAT, "eu-west-1",
                FIRST.minus(Duration.ofHours(6)), true, VerificationStatus.UNVERIFIED, java.util.Optional.empty()));

        TakeSnapshots.Outcomes outcomes = triggerWithinQuota(1, FIRST, CHAT, BILLING);

        String why = "the manual snapshot quota (1) in eu-west-1 is full after pruning what the policy allows;"
                + " nothing unexpired is deleted";
        assertThat(outcomes.pruned()).isTrue();
        assertThat(store.deleted()).isEmpty();
        assertThat(outcomes.results()).containsExactly(
                new Result(BILLING, new SnapshotId("st-auto-billing-20261125t1200z"), Status.TAKEN));
        assertThat(outcomes.skipped()).containsExactly(new TakeSnapshots.Skipped(CHAT, why));
        assertThat(store.takeRequests()).extracting(InMemorySnapshotStore.TakeRequest::database).containsExactly(BILLING);
        AuditRecord skipped = ledger.find(new RunKey("snapshot/chat/20261125t1200z")).orElseThrow();
        assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(skipped.details()).isEqualTo(Map.of("reason", why));
        assertThat(ledger.records("prune")).hasSize(1);
    }
}

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
}

package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicateSnapshotTest {
    private static final Instant NOW = Instant.parse("2026-11-25T18:05:00Z");
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final SnapshotId ID = new SnapshotId("st-auto-chat-20261125t1800z");

    private final InMemorySnapshotStore primary = new InMemorySnapshotStore("eu-west-1");
    private final InMemorySnapshotStore second = new InMemorySnapshotStore("eu-central-1");
    private final InMemorySnapshotStore third = new InMemorySnapshotStore("us-east-1");
    private final InMemoryReplicator replicator = new InMemoryReplicator(primary, second, third);
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final ReplicateSnapshot replicate = new ReplicateSnapshot(replicator, ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Snapshot source = new Snapshot(ID, CHAT, "eu-west-1", NOW.minus(Duration.ofMinutes(5)), true,
            VerificationStatus.UNVERIFIED, Optional.empty());

    ReplicateSnapshotTest() {
        primary.add(source).putManifest(InMemorySnapshotStore.defaultManifest(source));
    }

    @Test
    void execute_whenTwoTargets_copiesToEachAndAuditsEach() {
        List<ReplicateSnapshot.Result> results = replicate.execute(source,
                new BackupPolicy(Duration.ofHours(6), Duration.ofDays(30), 1, List.of("eu-central-1", "us-east-1")));

        assertThat(results).extracting(ReplicateSnapshot.Result::target).containsExactly("eu-central-1", "us-east-1");
        assertThat(results).allMatch(r -> r.progress() instanceof Progress.Ready<Snapshot>);
        assertThat(second.get(ID)).hasValueSatisfying(copy -> {
            assertThat(copy.copiedFrom()).contains(source.ref());
            assertThat(copy.verification()).isEqualTo(VerificationStatus.UNVERIFIED);
        });
        assertThat(second.manifest(ID)).isPresent();
        assertThat(third.get(ID)).isPresent();
        assertThat(ledger.find(new RunKey("copy/eu-west-1/st-auto-chat-20261125t1800z/eu-central-1")))
                .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(ledger.records("copy")).hasSize(2);
    }

    @Test
    void execute_whenCopyIsStillRunning_reportsPendingAndLeavesTheRunStarted() {
        replicator.pendingCopies(1, Duration.ofMinutes(2));

        List<ReplicateSnapshot.Result> results = replicate.execute(source, BackupPolicy.defaults(List.of("eu-central-1")));

        assertThat(results).singleElement().satisfies(r ->
                assertThat(r.progress()).isEqualTo(Progress.pending(Duration.ofMinutes(2),
                        "copying eu-west-1/st-auto-chat-20261125t1800z to eu-central-1")));
        assertThat(second.list()).isEmpty();
        assertThat(ledger.records("copy")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.STARTED));
    }

    @Test
    void execute_whenDeliveredTwice_makesOneCopy() {
        BackupPolicy policy = BackupPolicy.defaults(List.of("eu-central-1"));

        replicate.execute(source, policy);
        replicate.execute(source, policy);

        assertThat(second.list()).hasSize(1);
        assertThat(ledger.records("copy")).hasSize(1);
    }

    @Test
    void execute_whenNoCopyTargets_copiesNothing() {
        assertThat(replicate.execute(source, BackupPolicy.defaults(List.of()))).isEmpty();
        assertThat(replicator.requests()).isEmpty();
    }
}

package com.silenttalk.automation.core.status;

import static com.silenttalk.automation.core.status.KnownHistory.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.status.Reason.Area;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusAssessorTest {
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final List<DrillReport> reports = new ArrayList<>();
    private final KnownHistory history = new KnownHistory(ledger, s -> reports.add(s.report()));

    private SafetyStatus status(String... configured) {
        return status(NOW, configured);
    }

    private SafetyStatus status(Instant at, String... configured) {
        return StatusAssessor.assess(new StatusEvidence(List.of(configured).stream().map(DatabaseId::new).toList(), List.of(),
                reports, ledger.records()), KnownHistory.policy(), at);
    }

    private static DatabaseStatus of(SafetyStatus status, String database) {
        return status.databases().stream().filter(d -> d.database().value().equals(database)).findFirst().orElseThrow();
    }

    private static List<String> texts(DatabaseStatus d) {
        return d.reasons().stream().map(Reason::text).toList();
    }

    @Test
    void assess_whenSnapshotsCopiesAndDrillsAreCurrent_isSafeWithNoReason() {
        history.healthy("chat");

        SafetyStatus status = status("chat");

        DatabaseStatus chat = of(status, "chat");
        assertThat(chat.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(chat.reasons()).isEmpty();
        assertThat(status.overall()).isEqualTo(Verdict.SAFE);
        assertThat(chat.regions()).extracting(DatabaseStatus.RegionStatus::region).containsExactly("primary", "dr");
        DatabaseStatus.RegionStatus dr = chat.regions().get(1);
        assertThat(dr.copyRegion()).isTrue();
        assertThat(dr.newest().checksum()).isEqualTo(KnownSnapshot.Checksum.NOT_CHECKED);
        assertThat(dr.newestAge()).isEqualTo(Duration.ofHours(3).minusSeconds(30)); // a copy is as old as its source
        assertThat(dr.newestVerified().verification()).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(chat.lastDrill().passed()).isTrue();
        assertThat(chat.history()).hasSize(4).extracting(DatabaseStatus.DrillPoint::passed).containsExactly(true, false, true, true);
        assertThat(chat.history().get(0).sizeBytes()).isEqualTo(48L * 1024 * 1024);
    }

    @Test
    void assess_whenTheLastSnapshotIsOldAndTheLastDrillFoundACorruptCopy_isAtRiskNamingBoth() {
        history.staleAndFailing("orders");

        DatabaseStatus orders = of(status("orders"), "orders");

        assertThat(orders.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(orders.reasons()).extracting(Reason::area).containsExactly(Area.SNAPSHOTS, Area.COPIES, Area.DRILL);
        assertThat(texts(orders).get(0)).startsWith("newest snapshot in primary is 1 d 8 h old (RPO target 6 h");
        assertThat(texts(orders).get(1)).startsWith("newest copy in dr is 1 d 8 h old");
        assertThat(texts(orders).get(2)).startsWith("last drill orders-20261205t2000z-2 (2026-12-05 ")
                .contains("FAILED").contains("sha256").contains("check integrity failed");
        assertThat(orders.regions().get(1).newest().verification()).isEqualTo(VerificationStatus.FAILED);
    }

    @Test
    void assess_whenNoDrillEverRan_isUnknown() {
        history.undrilled("audit");

        SafetyStatus status = status("audit");

        DatabaseStatus audit = of(status, "audit");
        assertThat(audit.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(texts(audit)).containsExactly("no finished drill of audit: nothing proves its backups restore");
        assertThat(status.overall()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void assess_whenAConfiguredDatabaseHasNoEvidenceAtAll_isUnknownForBoth() {
        DatabaseStatus ghost = of(status("ghost"), "ghost");

        assertThat(ghost.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(ghost.reasons()).extracting(Reason::area).containsExactly(Area.SNAPSHOTS, Area.DRILL);
        assertThat(ghost.regions()).isEmpty();
    }

    @Test
    void assess_whenNoCopyReachedTheCopyRegion_isAtRiskNamingTheRegion() {
        history.uncopied("media");

        DatabaseStatus media = of(status("media"), "media");

        assertThat(texts(media)).contains("no copy in dr");
        assertThat(media.verdict()).isEqualTo(Verdict.AT_RISK);
    }

    @Test
    void assess_withSeveralDatabases_givesEachItsOwnVerdictAndTheWorstOverall() {
        history.healthy("chat").staleAndFailing("orders").undrilled("audit");

        SafetyStatus status = status("chat");

        assertThat(status.databases()).extracting(d -> d.database().value() + "=" + d.verdict())
                .containsExactly("audit=UNKNOWN", "chat=SAFE", "orders=AT_RISK");
        assertThat(status.overall()).isEqualTo(Verdict.AT_RISK);
    }

    @Test
    void assess_whenTheLastDrillIsOlderThanTheDrillInterval_isAtRisk() {
        history.healthy("chat");

        DatabaseStatus chat = of(status(NOW.plus(Duration.ofDays(40)), "chat"), "chat");

        assertThat(texts(chat)).anySatisfy(t -> assertThat(t).contains("is 40 d 23 h old; one is expected every 35 d"));
    }

    @Test
    void assess_whenARotationIsOverdue_putsEveryDatabaseAtRiskWithTheSecretNamed() {
        history.healthy("chat").rotation("app-db", NOW.minus(Duration.ofDays(45))).rotation("cache", NOW.minus(Duration.ofDays(3)));

        SafetyStatus status = status("chat");

        DatabaseStatus chat = of(status, "chat");
        assertThat(chat.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(texts(chat)).containsExactly("secret app-db last rotated 44 d 23 h ago; due since 2026-11-22 03:00:08 UTC");
        assertThat(status.platform().secrets()).extracting(s -> s.secret() + ":" + s.overdue()).containsExactly("app-db:true", "cache:false");
    }

    @Test
    void assess_whenTheLastRotationFailed_isAtRiskWithTheRecordedError() {
        history.healthy("chat").rotation("app-db", NOW.minus(Duration.ofDays(10))).failedRotation("app-db", NOW.minus(Duration.ofDays(1)));

        DatabaseStatus chat = of(status("chat"), "chat");

        assertThat(texts(chat)).singleElement().asString().startsWith("secret app-db: the last rotation failed at 2026-12-06 03:00:");
    }

    @Test
    void assess_whenAFailoverPlanAwaitsApproval_isAtRiskUntilApprovedOrExpired() {
        history.healthy("chat").pendingFailoverPlan("orders-pair", NOW.minus(Duration.ofMinutes(10)));

        assertThat(texts(of(status("chat"), "chat"))).containsExactly(
                "failover plan orders-pair-gen1 (orders-pair-a -> orders-pair-b) awaits approval until 2026-12-07 03:20:00 UTC");
        assertThat(of(status(NOW.plus(Duration.ofMinutes(25)), "chat"), "chat").verdict()).isEqualTo(Verdict.SAFE);

        history.approve("orders-pair-gen1", NOW.minus(Duration.ofMinutes(5)));
        SafetyStatus approved = status("chat");
        assertThat(approved.platform().pendingPlans()).isEmpty();
        assertThat(texts(of(approved, "chat"))).isEmpty();
    }

    @Test
    void assess_afterAFailover_showsItAndTheCooldownLeftWithoutARisk() {
        history.healthy("chat");
        List<com.silenttalk.automation.core.ledger.AuditRecord> records = new ArrayList<>(ledger.records());
        // what FailoverHistory.recordCompleted leaves when a failover's chain completes
        records.add(new com.silenttalk.automation.core.ledger.AuditRecord(
                com.silenttalk.automation.core.failover.FailoverHistory.key("orders-pair"), "failover-history",
                com.silenttalk.automation.core.ledger.Outcome.SUCCEEDED, NOW.minus(Duration.ofMinutes(20)), NOW.minus(Duration.ofMinutes(20)),
                Map.of("generation", "1", "lastFailoverAt", NOW.minus(Duration.ofMinutes(20)).toString(), "lastPlan", "orders-pair-gen1")));

        SafetyStatus status = StatusAssessor.assess(new StatusEvidence(List.of(), List.of(), reports, records), KnownHistory.policy(), NOW);
        SafetyStatus later = StatusAssessor.assess(new StatusEvidence(List.of(), List.of(), reports, records), KnownHistory.policy(),
                NOW.plus(Duration.ofHours(2)));

        assertThat(status.platform().failovers()).singleElement().satisfies(g -> {
            assertThat(g.group()).isEqualTo("orders-pair");
            assertThat(g.lastPlan()).isEqualTo("orders-pair-gen1");
            assertThat(g.cooldownLeft()).isEqualTo(Duration.ofMinutes(40));
        });
        assertThat(later.platform().failovers().get(0).cooldownLeft()).isZero();
        assertThat(of(status, "chat").verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void assess_whenAnAlertWasDeadLettered_isAtRiskUntilItLeavesTheHorizon() {
        history.healthy("chat").deadLetter("orders-cpu-high", NOW.minus(Duration.ofHours(2)));

        SafetyStatus status = status("chat");

        assertThat(texts(of(status, "chat"))).singleElement().asString()
                .isEqualTo("1 dead-lettered alert not replayed in the last 7 d (newest: orders-cpu-high to ops-slack at 2026-12-07 01:00:00 UTC)");
        assertThat(status.platform().deadLetters()).hasSize(1);
        assertThat(of(status(NOW.plus(Duration.ofDays(8)), "chat"), "chat").reasons())
                .noneMatch(r -> r.area() == Area.ALERTS);
    }

    @Test
    void assess_whenTheLastDrillReadBackThatTheNewestVerifiedCopyIsDeletable_isAtRiskWithItsFinding() {
        history.unlockedCopies("chat");

        DatabaseStatus chat = of(status("chat"), "chat");

        assertThat(chat.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(chat.reasons()).extracting(Reason::area).containsExactly(Area.IMMUTABILITY);
        assertThat(texts(chat).get(0)).contains("can be deleted by the suite's own credentials").contains("(read back by drill chat-");
        assertThat(chat.regions()).extracting(r -> r.region() + ":" + r.immutable()).containsExactly("primary:false", "dr:false");
    }

    @Test
    void assess_whenCopiesAreLocked_showsUntilWhenPerRegion() {
        history.healthy("chat");

        DatabaseStatus chat = of(status("chat"), "chat");

        assertThat(chat.regions().get(1).immutable()).isTrue();
        assertThat(chat.regions().get(1).immutableUntil()).isAfter(NOW);
        assertThat(chat.protection().newestVerifiedCopyDeletable()).isFalse();
    }

    @Test
    void assess_whenNoReportSaysAnythingAboutLocks_leavesImmutabilityUnknownWithoutAReason() {
        history.healthy("chat");
        List<DrillReport> older = reports.stream().map(r -> new DrillReport(r.runId(), r.database(), r.snapshotId(), r.sourceRegion(),
                r.drillRegion(), r.startedAt(), r.finishedAt(), r.steps(), r.checks(), r.tables(), r.rto(), r.rtoTarget(), r.rpo(),
                r.rpoTarget(), r.failure(), r.passed())).toList();

        SafetyStatus status = StatusAssessor.assess(new StatusEvidence(List.of(), List.of(), older, ledger.records()),
                KnownHistory.policy(), NOW);

        assertThat(of(status, "chat").verdict()).isEqualTo(Verdict.SAFE);
        assertThat(of(status, "chat").regions()).allSatisfy(r -> assertThat(r.immutable()).isNull());
    }

    @Test
    void assess_whenARegionListsASnapshotTheLedgerDoesNotKnow_countsTheListing() {
        history.healthy("chat");
        KnownSnapshot listed = new KnownSnapshot(new DatabaseId("chat"), "primary",
                new com.silenttalk.automation.core.backup.SnapshotId("st-auto-chat-20261207t0200z"), NOW.minus(Duration.ofMinutes(59)),
                null, KnownSnapshot.Checksum.NOT_CHECKED, VerificationStatus.UNVERIFIED);

        SafetyStatus status = StatusAssessor.assess(new StatusEvidence(List.of(), List.of(listed), reports, ledger.records()),
                KnownHistory.policy(), NOW);

        assertThat(of(status, "chat").regions().get(0).newestAge()).isEqualTo(Duration.ofMinutes(59));
    }

    @Test
    void assess_whenAPruneDeletedTheNewestSnapshot_theNextNewestCounts() {
        history.healthy("chat");
        var prune = com.silenttalk.automation.core.ledger.AuditRecord.started(new com.silenttalk.automation.core.ledger.RunKey("prune/x"),
                "prune", NOW).finish(com.silenttalk.automation.core.ledger.Outcome.SUCCEEDED, NOW,
                Map.of("deleted", "primary/st-auto-chat-20261207t0000z,dr/st-auto-chat-20261207t0000z"));
        List<com.silenttalk.automation.core.ledger.AuditRecord> records = new ArrayList<>(ledger.records());
        records.add(prune);

        SafetyStatus status = StatusAssessor.assess(new StatusEvidence(List.of(), List.of(), reports, records),
                KnownHistory.policy(), NOW);

        assertThat(of(status, "chat").regions()).extracting(r -> r.newest().id().value())
                .containsExactly("st-auto-chat-20261206t1800z", "st-auto-chat-20261206t1800z");
    }
}

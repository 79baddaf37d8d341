package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final DatabaseId BILLING = new DatabaseId("billing");
    private static final String A = "eu-west-1";
    private static final String B = "eu-central-1";
    private static final BackupPolicy POLICY = BackupPolicy.defaults(List.of(B));

    private static Snapshot snap(String id, DatabaseId db, String region, Duration age, boolean bySuite,
                                 VerificationStatus status) {
        return new Snapshot(new SnapshotId(id), db, region, NOW.minus(age), bySuite, status, Optional.empty());
    }

    private static Snapshot copyOf(Snapshot source, String region, Duration age, VerificationStatus status) {
        return new Snapshot(source.id(), source.database(), region, NOW.minus(age), true, status, Optional.of(source.ref()));
    }

    @Test
    void plan_whenMixedSet_keepsAndDeletesExactlyWithReasons() {
        Snapshot verifiedOld = snap("st-auto-chat-a", CHAT, A, Duration.ofDays(40), true, VerificationStatus.VERIFIED);
        Snapshot expired = snap("st-auto-chat-b", CHAT, A, Duration.ofDays(35), true, VerificationStatus.UNVERIFIED);
        Snapshot manual = snap("manual-chat-c", CHAT, A, Duration.ofDays(31), false, VerificationStatus.UNVERIFIED);
        Snapshot recent = snap("st-auto-chat-d", CHAT, A, Duration.ofDays(1), true, VerificationStatus.UNVERIFIED);
        Snapshot copyOfKept = copyOf(verifiedOld, B, Duration.ofDays(40).minusHours(1), VerificationStatus.UNVERIFIED);
        Snapshot copyOfExpired = copyOf(expired, B, Duration.ofDays(35).minusHours(1), VerificationStatus.UNVERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(POLICY,
                List.of(recent, copyOfExpired, manual, verifiedOld, expired, copyOfKept), NOW);

        assertThat(plan.keep()).containsExactly(verifiedOld, copyOfKept, manual, recent);
        assertThat(plan.delete()).containsExactly(expired, copyOfExpired);
        assertThat(plan.reasonFor(verifiedOld)).isEqualTo("among the newest 1 verified of chat in eu-west-1");
        assertThat(plan.reasonFor(copyOfKept)).isEqualTo("copy of kept source eu-west-1/st-auto-chat-a");
        assertThat(plan.reasonFor(manual)).isEqualTo("not created by the suite");
        assertThat(plan.reasonFor(recent)).isEqualTo("within retention (PT24H old, retention PT720H)");
        assertThat(plan.reasonFor(expired)).isEqualTo("expired (PT840H old, retention PT720H)");
        assertThat(plan.reasonFor(copyOfExpired)).isEqualTo("expired (PT839H old, retention PT720H)");
    }

    @Test
    void plan_whenMinVerifiedKeptIsTwo_keepsTheTwoNewestVerifiedPerDatabaseAndRegion() {
        BackupPolicy policy = new BackupPolicy(Duration.ofHours(6), Duration.ofDays(7), 2, List.of(B));
        Snapshot v1 = snap("st-auto-chat-1", CHAT, A, Duration.ofDays(30), true, VerificationStatus.VERIFIED);
        Snapshot v2 = snap("st-auto-chat-2", CHAT, A, Duration.ofDays(20), true, VerificationStatus.VERIFIED);
        Snapshot v3 = snap("st-auto-chat-3", CHAT, A, Duration.ofDays(10), true, VerificationStatus.VERIFIED);
        Snapshot failedNewer = snap("st-auto-chat-4", CHAT, A, Duration.ofDays(9), true, VerificationStatus.FAILED);
        Snapshot billing = snap("st-auto-billing-1", BILLING, A, Duration.ofDays(30), true, VerificationStatus.VERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(policy, List.of(v1, v2, v3, failedNewer, billing), NOW);

        assertThat(plan.keep()).containsExactly(billing, v2, v3);
        assertThat(plan.delete()).containsExactly(v1, failedNewer);
        assertThat(plan.reasonFor(v3)).isEqualTo("among the newest 2 verified of chat in eu-west-1");
        assertThat(plan.reasonFor(billing)).isEqualTo("among the newest 2 verified of billing in eu-west-1");
    }

    @Test
    void plan_whenVerifiedOnlyInOtherRegion_stillKeepsNewestVerifiedOfEachRegion() {
        Snapshot source = snap("st-auto-chat-1", CHAT, A, Duration.ofDays(60), true, VerificationStatus.UNVERIFIED);
        Snapshot replica = copyOf(source, B, Duration.ofDays(60), VerificationStatus.VERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(POLICY, List.of(source, replica), NOW);

        assertThat(plan.keep()).containsExactly(replica);
        assertThat(plan.delete()).containsExactly(source);
    }

    @Test
    void plan_whenCopyOfACopyOfAKeptSource_keepsTheWholeChain() {
        Snapshot source = snap("st-auto-chat-1", CHAT, A, Duration.ofDays(60), true, VerificationStatus.VERIFIED);
        Snapshot copy = copyOf(source, B, Duration.ofDays(60), VerificationStatus.UNVERIFIED);
        Snapshot copyOfCopy = copyOf(copy, "us-east-1", Duration.ofDays(60), VerificationStatus.UNVERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(POLICY, List.of(copyOfCopy, copy, source), NOW);

        assertThat(plan.delete()).isEmpty();
        assertThat(plan.reasonFor(copyOfCopy)).isEqualTo("copy of kept source eu-central-1/st-auto-chat-1");
    }

    @Test
    void plan_whenExactlyAtRetention_deletesButOneSecondYoungerKeeps() {
        Snapshot atRetention = snap("st-auto-chat-1", CHAT, A, Duration.ofDays(30), true, VerificationStatus.UNVERIFIED);
        Snapshot justInside = snap("st-auto-chat-2", CHAT, A, Duration.ofDays(30).minusSeconds(1), true,
                VerificationStatus.UNVERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(POLICY, List.of(atRetention, justInside), NOW);

        assertThat(plan.delete()).containsExactly(atRetention);
        assertThat(plan.keep()).containsExactly(justInside);
    }

    @Test
    void plan_whenCreatedInTheFuture_keepsItAsWithinRetention() {
        Snapshot future = snap("st-auto-chat-1", CHAT, A, Duration.ofHours(-3), true, VerificationStatus.UNVERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(POLICY, List.of(future), NOW);

        assertThat(plan.keep()).containsExactly(future);
        assertThat(plan.reasonFor(future)).startsWith("within retention");
    }

    @Test
    void plan_whenNewestVerifiedIsNotOurs_stillNeverDeletesIt() {
        Snapshot manualVerified = snap("manual-chat-1", CHAT, A, Duration.ofDays(90), false, VerificationStatus.VERIFIED);
        Snapshot ours = snap("st-auto-chat-1", CHAT, A, Duration.ofDays(91), true, VerificationStatus.VERIFIED);

        RetentionPlan plan = RetentionPlanner.plan(POLICY, List.of(manualVerified, ours), NOW);

        assertThat(plan.keep()).containsExactly(manualVerified);
        assertThat(plan.delete()).containsExactly(ours);
    }

    @Test
    void plan_whenTwoVerifiedShareACreationTime_givesTheSamePlanWhateverTheInputOrder() {
        Snapshot x = snap("st-auto-chat-x", CHAT, A, Duration.ofDays(60), true, VerificationStatus.VERIFIED);
        Snapshot y = snap("st-auto-chat-y", CHAT, A, Duration.ofDays(60), true, VerificationStatus.VERIFIED);

        RetentionPlan xy = RetentionPlanner.plan(POLICY, List.of(x, y), NOW);
        RetentionPlan yx = RetentionPlanner.plan(POLICY, List.of(y, x), NOW);

        assertThat(xy.keep()).hasSize(1);
        assertThat(yx.keep()).isEqualTo(xy.keep());
        assertThat(yx.delete()).isEqualTo(xy.delete());
    }

    @Test
    void plan_whenNoSnapshots_givesAnEmptyPlan() {
        RetentionPlan plan = RetentionPlanner.plan(POLICY, List.of(), NOW);

        assertThat(plan.keep()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.reasons()).isEmpty();
    }

    @Test
    void plan_whenPolicyIsNull_throwsNamingThePolicy() {
        List<Snapshot> expired = List.of(snap("st-auto-chat-1", CHAT, A, Duration.ofDays(90), true, VerificationStatus.UNVERIFIED));

        assertThatThrownBy(() -> RetentionPlanner.plan(null, expired, NOW))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("nothing will be deleted");
    }

    @Test
    void plan_whenSnapshotsOrNowNull_throws() {
        assertThatThrownBy(() -> RetentionPlanner.plan(POLICY, null, NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RetentionPlanner.plan(POLICY, List.of(), null)).isInstanceOf(NullPointerException.class);
    }
}

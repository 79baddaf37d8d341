package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The planner's safety rules, for random snapshot sets (several databases, two regions,
 * copies pointing at their sources, random verification, some snapshots not ours,
 * creation times around now including the future) and random valid policies and clocks.
 */
class RetentionPlannerPropertiesTest {
    static final String PRIMARY = "region-a";
    static final String SECONDARY = "region-b";
    static final List<DatabaseId> DATABASES =
            List.of(new DatabaseId("chat"), new DatabaseId("billing"), new DatabaseId("presence"));

    /** A snapshot set with the clock and policy it is judged under. */
    record Case(BackupPolicy policy, Instant now, List<Snapshot> snapshots) {
        @Override
        public String toString() {
            return "policy=" + policy + ", now=" + now + ", snapshots=" + snapshots.size();
        }
    }

    /** One source snapshot in the primary region and, maybe, its copy in the second region. */
    record Spec(int database, long ageMinutes, boolean bySuite, VerificationStatus verification,
                boolean hasCopy, long copyDelayMinutes, VerificationStatus copyVerification, boolean sourceListed) {
    }

    // ---- properties ----------------------------------------------------------------------

    @Property(tries = 500)
    void plan_whenAnySet_neverDeletesTheNewestVerifiedOfADatabaseInARegion(@ForAll("cases") Case c) {
        RetentionPlan plan = plan(c);
        int min = c.policy().minVerifiedKept();

        for (Snapshot deleted : plan.delete()) {
            if (deleted.verification() != VerificationStatus.VERIFIED) {
                continue;
            }
            long keptNewerOrSame = plan.keep().stream()
                    .filter(k -> k.verification() == VerificationStatus.VERIFIED)
                    .filter(k -> k.database().equals(deleted.database()) && k.region().equals(deleted.region()))
                    .filter(k -> !k.createdAt().isBefore(deleted.createdAt()))
                    .count();
            assertThat(keptNewerOrSame)
                    .as("verified kept at least as new as deleted %s", deleted.ref())
                    .isGreaterThanOrEqualTo(min);
        }
        for (Map.Entry<List<Object>, List<Snapshot>> group : verifiedGroups(c.snapshots()).entrySet()) {
            Instant newest = group.getValue().stream().map(Snapshot::createdAt).max(Instant::compareTo).orElseThrow();
            long keptVerified = group.getValue().stream().filter(plan.keep()::contains).count();
            assertThat(keptVerified).as("verified kept in %s", group.getKey())
                    .isGreaterThanOrEqualTo(Math.min(min, group.getValue().size()));
            assertThat(plan.keep()).as("newest verified in %s", group.getKey())
                    .anyMatch(k -> group.getValue().contains(k) && k.createdAt().equals(newest));
        }
    }

    @Property(tries = 500)
    void plan_whenAnySet_neverDeletesWhatTheSuiteDidNotCreate(@ForAll("cases") Case c) {
        assertThat(plan(c).delete()).allMatch(Snapshot::createdBySuite);
    }

    @Property(tries = 500)
    void plan_whenAnySet_neverDeletesACopyWhoseSourceIsKept(@ForAll("cases") Case c) {
        RetentionPlan plan = plan(c);
        Set<SnapshotRef> kept = refs(plan.keep());

        for (Snapshot deleted : plan.delete()) {
            deleted.copiedFrom().ifPresent(source ->
                    assertThat(kept).as("source of deleted copy %s", deleted.ref()).doesNotContain(source));
        }
    }

    @Property(tries = 500)
    void plan_whenAnySet_neverDeletesAnythingWithinRetention(@ForAll("cases") Case c) {
        for (Snapshot deleted : plan(c).delete()) {
            assertThat(Duration.between(deleted.createdAt(), c.now()))
                    .as("age of deleted %s", deleted.ref())
                    .isGreaterThanOrEqualTo(c.policy().retention());
        }
    }

    @Property(tries = 500)
    void plan_whenAnySet_keepAndDeletePartitionTheInputExactly(@ForAll("cases") Case c) {
        RetentionPlan plan = plan(c);

        assertThat(plan.keep().size() + plan.delete().size()).isEqualTo(c.snapshots().size());
        Set<SnapshotRef> both = refs(plan.keep());
        both.retainAll(refs(plan.delete()));
        assertThat(both).as("snapshots both kept and deleted").isEmpty();
        List<Snapshot> union = new ArrayList<>(plan.keep());
        union.addAll(plan.delete());
        assertThat(new HashSet<>(union)).isEqualTo(new HashSet<>(c.snapshots()));
    }

    @Property(tries = 500)
    void plan_whenAnySet_givesEverySnapshotAReason(@ForAll("cases") Case c) {
        RetentionPlan plan = plan(c);

        assertThat(plan.reasons().keySet()).isEqualTo(refs(c.snapshots()));
        assertThat(plan.reasons().values()).allMatch(r -> !r.isBlank());
        assertThat(plan.delete()).allMatch(d -> plan.reasonFor(d).startsWith("expired"));
        assertThat(plan.keep()).noneMatch(k -> plan.reasonFor(k).startsWith("expired"));
    }

    /** The planner is safe without being hoarding: it keeps a snapshot only for a rule that holds. */
    @Property(tries = 500)
    void plan_whenAnySet_keepsOnlyForAReasonThatHolds(@ForAll("cases") Case c) {
        RetentionPlan plan = plan(c);
        Set<SnapshotRef> kept = refs(plan.keep());
        Set<SnapshotRef> newestVerified = newestVerifiedRefs(c.snapshots(), c.policy().minVerifiedKept());

        for (Snapshot k : plan.keep()) {
            boolean justified = !k.createdBySuite()
                    || Duration.between(k.createdAt(), c.now()).compareTo(c.policy().retention()) < 0
                    || newestVerified.contains(k.ref())
                    || k.copiedFrom().map(kept::contains).orElse(false);
            assertThat(justified).as("%s kept because %s", k.ref(), plan.reasonFor(k)).isTrue();
        }
    }

    @Property(tries = 300)
    void plan_whenInputIsReordered_givesTheSamePlan(@ForAll("cases") Case c, @ForAll long seed) {
        List<Snapshot> shuffled = new ArrayList<>(c.snapshots());
        Collections.shuffle(shuffled, new Random(seed));

        RetentionPlan original = plan(c);
        RetentionPlan reordered = RetentionPlanner.plan(c.policy(), shuffled, c.now());

        assertThat(reordered.keep()).containsExactlyElementsOf(original.keep());
        assertThat(reordered.delete()).containsExactlyElementsOf(original.delete());
    }

    @Property(tries = 100)
    void plan_whenNoPolicy_throwsSoNothingIsDeleted(@ForAll("cases") Case c) {
        assertThatThrownBy(() -> RetentionPlanner.plan(null, c.snapshots(), c.now()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("policy");
    }

    @Property(tries = 100)
    void plan_whenNoSnapshots_givesAnEmptyPlan(@ForAll("policies") BackupPolicy policy, @ForAll("instants") Instant now) {
        RetentionPlan plan = RetentionPlanner.plan(policy, List.of(), now);

        assertThat(plan.keep()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.reasons()).isEmpty();
    }

    // ---- invalid policies cannot be built ------------------------------------------------

    @Property(tries = 200)
    void backupPolicy_whenIntervalNotPositive_throwsNamingInterval(
            @ForAll @LongRange(min = -1_000_000, max = 0) long intervalSeconds,
            @ForAll @IntRange(min = 1, max = 5) int minVerified) {
        assertInvalid("interval", () -> new BackupPolicy(Duration.ofSeconds(intervalSeconds), Duration.ofDays(30),
                minVerified, List.of(SECONDARY)));
    }

    @Property(tries = 200)
    void backupPolicy_whenRetentionNotPositive_throwsNamingRetention(
            @ForAll @LongRange(min = -1_000_000, max = 0) long retentionSeconds) {
        assertInvalid("retention", () -> new BackupPolicy(Duration.ofHours(6), Duration.ofSeconds(retentionSeconds),
                1, List.of(SECONDARY)));
    }

    @Property(tries = 200)
    void backupPolicy_whenRetentionShorterThanInterval_throwsNamingRetention(
            @ForAll @LongRange(min = 15, max = 10_000) long intervalMinutes,
            @ForAll @LongRange(min = 1, max = 10_000) long shortBySeconds) {
        Duration interval = Duration.ofMinutes(intervalMinutes);
        Duration retention = interval.minusSeconds(Math.min(shortBySeconds, interval.toSeconds() - 1));
        assertInvalid("retention", () -> new BackupPolicy(interval, retention, 1, List.of()));
    }

    @Property(tries = 200)
    void backupPolicy_whenMinVerifiedKeptBelowOne_throwsNamingIt(@ForAll @IntRange(min = -1000, max = 0) int minVerified) {
        assertInvalid("minVerifiedKept", () -> new BackupPolicy(Duration.ofHours(6), Duration.ofDays(30), minVerified,
                List.of(SECONDARY)));
    }

    @Property(tries = 10)
    void backupPolicy_whenCopyTargetsNull_throwsNamingThem(@ForAll @IntRange(min = 1, max = 5) int minVerified) {
        assertInvalid("copyTargets", () -> new BackupPolicy(Duration.ofHours(6), Duration.ofDays(30), minVerified, null));
    }

    private static void assertInvalid(String field, Runnable construct) {
        assertThatThrownBy(construct::run)
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    // ---- generators ----------------------------------------------------------------------

    @Provide
    Arbitrary<Instant> instants() {
        // 2020 .. 2035, to the second
        return Arbitraries.longs().between(1_577_836_800L, 2_051_222_400L).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<BackupPolicy> policies() {
        Arbitrary<Long> intervalMinutes = Arbitraries.longs().between(15, 24 * 60);
        Arbitrary<Long> extraRetentionMinutes = Arbitraries.oneOf(
                Arbitraries.just(0L),
                Arbitraries.longs().between(0, 60L * 24 * 60));
        Arbitrary<Integer> minVerified = Arbitraries.integers().between(1, 3);
        return Combinators.combine(intervalMinutes, extraRetentionMinutes, minVerified).as((i, extra, min) ->
                new BackupPolicy(Duration.ofMinutes(i), Duration.ofMinutes(i + extra), min, List.of(SECONDARY)));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, DATABASES.size() - 1),
                // -2 days .. 90 days old on a 6-hour grid, or one of a few ages so that equal
                // creation times (ties) within a database are common
                Arbitraries.oneOf(
                        Arbitraries.longs().between(-8, 90L * 4).map(w -> w * 6 * 60),
                        Arbitraries.of(-60L, 0L, 29L * 24 * 60, 30L * 24 * 60, 45L * 24 * 60, 60L * 24 * 60)),
                Arbitraries.integers().between(0, 99).map(n -> n < 85),
                Arbitraries.of(VerificationStatus.class),
                Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 180),
                Arbitraries.of(VerificationStatus.class),
                Arbitraries.integers().between(0, 99).map(n -> n < 90)
        ).as(Spec::new);
        return Combinators.combine(policies(), instants(), spec.list().ofMaxSize(60))
                .as(RetentionPlannerPropertiesTest::build);
    }

    static Case build(BackupPolicy policy, Instant now, List<Spec> specs) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            DatabaseId db = DATABASES.get(s.database());
            SnapshotId id = new SnapshotId((s.bySuite() ? SnapshotWindow.SUITE_PREFIX : "manual-") + db + "-" + i);
            Instant createdAt = now.minus(Duration.ofMinutes(s.ageMinutes()));
            Snapshot source = new Snapshot(id, db, PRIMARY, createdAt, s.bySuite(), s.verification(), Optional.empty());
            if (s.sourceListed()) {
                snapshots.add(source);
            }
            if (s.hasCopy()) {
                snapshots.add(new Snapshot(id, db, SECONDARY, createdAt.plus(Duration.ofMinutes(s.copyDelayMinutes())),
                        true, s.copyVerification(), Optional.of(source.ref())));
            }
        }
        return new Case(policy, now, snapshots);
    }

    // ---- oracles -------------------------------------------------------------------------

    private static RetentionPlan plan(Case c) {
        return RetentionPlanner.plan(c.policy(), c.snapshots(), c.now());
    }

    private static Set<SnapshotRef> refs(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::ref).collect(Collectors.toSet());
    }

    private static Map<List<Object>, List<Snapshot>> verifiedGroups(List<Snapshot> snapshots) {
        return snapshots.stream()
                .filter(s -> s.verification() == VerificationStatus.VERIFIED)
                .collect(Collectors.groupingBy(s -> List.<Object>of(s.database(), s.region())));
    }

    /** Refs that are within the newest {@code min} createdAt values of their verified group (ties all count). */
    private static Set<SnapshotRef> newestVerifiedRefs(List<Snapshot> snapshots, int min) {
        Set<SnapshotRef> result = new HashSet<>();
        for (List<Snapshot> group : verifiedGroups(snapshots).values()) {
            for (Snapshot s : group) {
                long newer = group.stream().filter(o -> o.createdAt().isAfter(s.createdAt())).count();
                if (newer < min) {
                    result.add(s.ref());
                }
            }
        }
        return result;
    }
}

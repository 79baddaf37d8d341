package com.silenttalk.automation.core.alerting;

import static com.silenttalk.automation.core.alerting.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The gate's promises, for random timings: a flapping alarm reaches people at most twice, and
 * every resolution that is sent pairs with a firing that was sent (same key, thread open).
 */
class AlertGatePropertiesTest {

    /**
     * Offsets (ms) of 20 state changes within ten minutes: mostly quick flaps, some gaps longer
     * than the resolve settle time (so held resolutions get released between flaps).
     */
    @Provide
    Arbitrary<List<Long>> tenMinutes() {
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(1, 20_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(100_000, 200_000)));
        return gap.list().ofSize(20).map(gaps -> {
            List<Long> at = new ArrayList<>();
            long t = 0;
            for (long g : gaps) {
                at.add(t);
                t += g;
            }
            return at;
        }).filter(at -> at.get(at.size() - 1) < Duration.ofMinutes(10).toMillis());
    }

    @Provide
    Arbitrary<List<Long>> sweeps() {
        return Arbitraries.longs().between(0, Duration.ofMinutes(40).toMillis()).list().ofMaxSize(30);
    }

    @Property(tries = 500)
    void offer_whenAlarmFlaps20TimesIn10Minutes_deliversAtMostTwice(
            @ForAll("tenMinutes") List<Long> changes, @ForAll("sweeps") List<Long> sweepTimes) {
        AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);
        List<GateDecision> all = replay(gate, "flappy", changes, sweepTimes);
        long delivered = all.stream().filter(d -> d instanceof GateDecision.Deliver).count();
        assertThat(delivered).as("decisions %s", brief(all)).isLessThanOrEqualTo(2);
        assertThat(all.stream().filter(d -> d instanceof GateDecision.Deliver).findFirst())
                .hasValueSatisfying(first -> assertThat(first.alert().state()).isEqualTo(AlertState.FIRING));
    }

    @Property(tries = 300)
    void offer_whenAnySequence_everySentResolutionPairsWithASentFiring(
            @ForAll("anySequence") List<Step> steps,
            @ForAll @IntRange(min = 2, max = 6) int flapChanges) {
        AlertGate gate = new AlertGate(new SuppressionPolicy(Duration.ofMinutes(30), flapChanges,
                Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(10), 3));
        Map<DedupeKey, Boolean> open = new HashMap<>();
        Instant now = T0;
        List<DedupeKey> seen = new ArrayList<>();
        for (Step step : steps) {
            now = now.plusSeconds(step.gapSeconds());
            List<GateDecision> out = step.sweep()
                    ? gate.sweep(now)
                    : gate.offer(TestAlerts.alert("alarm-" + step.alarm(), step.state(), now), now, SuppressionContext.NONE);
            for (GateDecision d : out) {
                if (!(d instanceof GateDecision.Deliver)) {
                    continue;
                }
                DedupeKey key = d.alert().dedupeKey();
                if (d.alert().isFiring()) {
                    open.put(key, true);
                } else if (seen.contains(key)) {
                    // A resolution for a key the gate knew must close a thread it opened.
                    assertThat(open.getOrDefault(key, false)).as("resolution of %s pairs with a sent firing", key).isTrue();
                    open.put(key, false);
                }
            }
            if (!step.sweep()) {
                seen.add(DedupeKey.of("aws", "123456789012", "eu-west-1", "alarm-" + step.alarm()));
            }
            assertThat(gate.trackedKeys()).isLessThanOrEqualTo(3);
        }
    }

    record Step(boolean sweep, int alarm, AlertState state, long gapSeconds) {
    }

    @Provide
    Arbitrary<List<Step>> anySequence() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(
                Arbitraries.of(true, false, false, false), Arbitraries.integers().between(0, 1),
                Arbitraries.of(AlertState.class), Arbitraries.longs().between(0, 900)).as(Step::new);
        return step.list().ofMaxSize(60);
    }

    private static List<String> brief(List<GateDecision> decisions) {
        return decisions.stream().map(d -> d.getClass().getSimpleName() + " " + d.alert().state() + "@"
                + Duration.between(T0, d.alert().changedAt()).toMillis() + "ms").toList();
    }

    private static List<GateDecision> replay(AlertGate gate, String alarm, List<Long> changes, List<Long> sweepTimes) {
        List<long[]> timeline = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            timeline.add(new long[] {changes.get(i), 0, i});
        }
        for (long s : sweepTimes) {
            timeline.add(new long[] {s, 1, 0});
        }
        timeline.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<GateDecision> all = new ArrayList<>();
        for (long[] e : timeline) {
            Instant at = T0.plusMillis(e[0]);
            if (e[1] == 1) {
                all.addAll(gate.sweep(at));
            } else {
                AlertState state = e[2] % 2 == 0 ? AlertState.FIRING : AlertState.RESOLVED;
                all.addAll(gate.offer(TestAlerts.alert(alarm, state, at), at, SuppressionContext.NONE));
            }
        }
        all.addAll(gate.sweep(T0.plus(Duration.ofHours(2))));
        return all;
    }
}

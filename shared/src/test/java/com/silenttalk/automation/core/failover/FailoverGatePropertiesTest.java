package com.silenttalk.automation.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class FailoverGatePropertiesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private static final FailoverPolicy AUTO = FailoverPolicy.defaults().withMode(FailoverMode.AUTOMATIC);

    /** ALARM/OK every 10 s for 10 min, with the health check failing too: the alarm never counts. */
    @Property(tries = 50)
    void evaluate_whenTheAlarmFlapsEveryTenSeconds_neverFailsOver(@ForAll boolean healthCheckFailing,
                                                                    @ForAll @IntRange(min = 0, max = 9) int phase) {
        List<Instant> flips = new ArrayList<>();
        for (int s = phase; s <= 600; s += 10) {
            flips.add(T0.plusSeconds(s));
        }
        for (int i = 0; i < flips.size(); i++) {
            Instant now = flips.get(i).plusSeconds(5);
            boolean inAlarm = i % 2 == 0;
            Instant windowStart = now.minus(AUTO.flapWindow());
            int changes = (int) flips.stream().filter(f -> f.isAfter(windowStart) && !f.isAfter(now)).count();
            List<Signal> signals = List.of(
                    new Signal("cpu-alarm", SignalKind.ALARM, inAlarm, inAlarm ? flips.get(i) : null, changes),
                    healthCheckFailing ? Signal.failing("health", SignalKind.HEALTH_CHECK, T0) : Signal.healthy("health", SignalKind.HEALTH_CHECK),
                    Signal.healthy("reach", SignalKind.REACHABILITY));

            FailoverDecision d = FailoverGate.evaluate(AUTO, signals, Duration.ofSeconds(1), FailoverHistory.none(), false, now);

            assertThat(d.verdict()).as("at %s: %s", now, d.reasons()).isEqualTo(FailoverDecision.Verdict.REFUSE);
        }
    }

    @Property
    void evaluate_whenOnlyOneSignalFails_neverFailsOver(@ForAll("oneFailing") List<Signal> signals,
                                                       @ForAll boolean allowDataLoss) {
        FailoverDecision d = FailoverGate.evaluate(AUTO, signals, Duration.ofSeconds(1), FailoverHistory.none(), allowDataLoss,
                T0.plus(Duration.ofHours(1)));

        assertThat(d.verdict()).isEqualTo(FailoverDecision.Verdict.REFUSE);
        assertThat(d.reasons()).anyMatch(r -> r.startsWith("quorum not met"));
    }

    @Provide
    Arbitrary<List<Signal>> oneFailing() {
        Arbitrary<SignalKind> kinds = Arbitraries.of(SignalKind.class);
        Arbitrary<Integer> failingIndex = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> minutesAgo = Arbitraries.integers().between(0, 600);
        return Combinators.combine(kinds, kinds, kinds, failingIndex, minutesAgo).as((a, b, c, i, m) -> {
            List<SignalKind> ks = List.of(a, b, c);
            List<Signal> out = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                out.add(k == i ? Signal.failing("s" + k, ks.get(k), T0.plus(Duration.ofHours(1)).minusSeconds(60L * m))
                        : Signal.healthy("s" + k, ks.get(k)));
            }
            return out;
        });
    }

    @Property
    void evaluate_whenLagExceedsTheRpo_refusesUnlessForcedAndRecordsTheForcing(
            @ForAll @IntRange(min = 361, max = 10_000) int lagMinutes, @ForAll boolean allowDataLoss) {
        List<Signal> quorum = List.of(Signal.failing("health", SignalKind.HEALTH_CHECK, T0),
                Signal.failing("reach", SignalKind.REACHABILITY, T0));

        FailoverDecision d = FailoverGate.evaluate(AUTO, quorum, Duration.ofMinutes(lagMinutes), FailoverHistory.none(),
                allowDataLoss, T0.plusSeconds(600));

        if (allowDataLoss) {
            assertThat(d.verdict()).isEqualTo(FailoverDecision.Verdict.FAIL_OVER);
            assertThat(d.dataLossAccepted()).isTrue();
            assertThat(d.reasons()).anyMatch(r -> r.contains("accepted by the operator"));
        } else {
            assertThat(d.verdict()).isEqualTo(FailoverDecision.Verdict.REFUSE);
            assertThat(d.dataLossAccepted()).isFalse();
            assertThat(d.reasons()).anyMatch(r -> r.contains("exceeds the RPO"));
        }
    }

    @Property
    void evaluate_withinCooldown_refusesWhateverTheSignals(@ForAll @IntRange(min = 0, max = 59) int minutesSinceLast) {
        List<Signal> all = List.of(Signal.failing("health", SignalKind.HEALTH_CHECK, T0),
                Signal.failing("reach", SignalKind.REACHABILITY, T0), Signal.failing("alarm", SignalKind.ALARM, T0));
        Instant now = T0.plus(Duration.ofHours(2));

        FailoverDecision d = FailoverGate.evaluate(AUTO, all, Duration.ZERO,
                new FailoverHistory(now.minus(Duration.ofMinutes(minutesSinceLast)), 1), false, now);

        assertThat(d.verdict()).isEqualTo(FailoverDecision.Verdict.REFUSE);
        assertThat(d.reasons()).anyMatch(r -> r.startsWith("cooldown"));
    }
}

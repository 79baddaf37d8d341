package com.silenttalk.automation.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The decider applied to random signal streams (any kind, any spacing, drills starting and
 * stopping), starting from any count in bounds, with the policy's own cooldown.
 */
class ScalingDeciderPropertiesTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    record Tick(ScalingSignal.Kind kind, long gapSeconds, boolean drillRunning) {
    }

    @Provide
    Arbitrary<List<Tick>> streams() {
        return Combinators.combine(Arbitraries.of(ScalingSignal.Kind.class), Arbitraries.longs().between(0, 1_200),
                Arbitraries.of(true, false)).as(Tick::new).list().ofMinSize(1).ofMaxSize(200);
    }

    record Change(Instant at, ScalingDecision decision, boolean drillRunning) {
    }

    static List<Change> run(ScalingPolicy policy, int start, List<Tick> ticks) {
        java.util.ArrayList<Change> changes = new java.util.ArrayList<>();
        int count = start;
        Optional<Instant> last = Optional.empty();
        Instant now = T0;
        for (Tick t : ticks) {
            now = now.plusSeconds(t.gapSeconds());
            ScalingDecision d = ScalingDecider.decide(policy, count, new ScalingSignal(t.kind(), "id", "r", now), last,
                    t.drillRunning() ? List.of("drill/x") : List.of(), now);
            assertThat(d.current()).isEqualTo(count);
            if (d.changes()) {
                changes.add(new Change(now, d, t.drillRunning()));
                count = d.target();
                last = Optional.of(now);
            }
        }
        return changes;
    }

    @Property(tries = 400)
    void decide_whenAnyStream_countStaysWithin3And10(@ForAll("streams") List<Tick> ticks, @ForAll @IntRange(min = 3, max = 10) int start) {
        for (Change c : run(ScalingPolicy.DEFAULT, start, ticks)) {
            assertThat(c.decision().target()).isBetween(3, 10);
        }
    }

    @Property(tries = 400)
    void decide_whenAnyStream_neverTwoChangesWithinACooldown(@ForAll("streams") List<Tick> ticks,
                                                             @ForAll @IntRange(min = 3, max = 10) int start) {
        List<Change> changes = run(ScalingPolicy.DEFAULT, start, ticks);
        for (int i = 1; i < changes.size(); i++) {
            assertThat(Duration.between(changes.get(i - 1).at(), changes.get(i).at()))
                    .isGreaterThanOrEqualTo(ScalingPolicy.DEFAULT.cooldown());
        }
    }

    @Property(tries = 400)
    void decide_whenDrillRunning_neverScalesIn(@ForAll("streams") List<Tick> ticks, @ForAll @IntRange(min = 3, max = 10) int start) {
        for (Change c : run(ScalingPolicy.DEFAULT, start, ticks)) {
            if (c.drillRunning()) {
                assertThat(c.decision().direction()).isNotEqualTo(ScalingDecision.Direction.IN);
            }
        }
    }

    @Property(tries = 200)
    void decide_whenAnyChange_movesAtMostOneStep(@ForAll("streams") List<Tick> ticks, @ForAll @IntRange(min = 3, max = 10) int start) {
        for (Change c : run(ScalingPolicy.DEFAULT, start, ticks)) {
            assertThat(Math.abs(c.decision().target() - c.decision().current())).isEqualTo(1);
        }
    }
}

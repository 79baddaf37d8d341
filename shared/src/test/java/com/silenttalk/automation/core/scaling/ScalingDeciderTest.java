package com.silenttalk.automation.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.scaling.ScalingDecision.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScalingDeciderTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final ScalingPolicy P = ScalingPolicy.DEFAULT;

    static ScalingSignal signal(ScalingSignal.Kind kind) {
        return new ScalingSignal(kind, "s", kind.name(), NOW);
    }

    static ScalingDecision decide(int current, ScalingSignal.Kind kind, Optional<Instant> last, List<String> running) {
        return ScalingDecider.decide(P, current, signal(kind), last, running, NOW);
    }

    @Test
    void decide_whenCpuHigh_scalesOutOneStep() {
        ScalingDecision d = decide(4, ScalingSignal.Kind.CPU_HIGH, Optional.empty(), List.of());
        assertThat(d.direction()).isEqualTo(Direction.OUT);
        assertThat(d.target()).isEqualTo(5);
    }

    @Test
    void decide_whenCpuLow_scalesInOneStep() {
        assertThat(decide(4, ScalingSignal.Kind.CPU_LOW, Optional.empty(), List.of()).target()).isEqualTo(3);
    }

    @Test
    void decide_when5xxAlarm_scalesOut() {
        assertThat(decide(3, ScalingSignal.Kind.ERROR_RATE_HIGH, Optional.empty(), List.of()).direction()).isEqualTo(Direction.OUT);
    }

    @Test
    void decide_whenAtBounds_holds() {
        assertThat(decide(10, ScalingSignal.Kind.CPU_HIGH, Optional.empty(), List.of()).reason()).startsWith("at the maximum 10");
        assertThat(decide(3, ScalingSignal.Kind.CPU_LOW, Optional.empty(), List.of()).reason()).startsWith("at the minimum 3");
    }

    @Test
    void decide_whenInsideCooldown_holdsAndSaysUntilWhen() {
        ScalingDecision d = decide(4, ScalingSignal.Kind.CPU_HIGH, Optional.of(NOW.minus(Duration.ofMinutes(9))), List.of());
        assertThat(d.direction()).isEqualTo(Direction.HOLD);
        assertThat(d.reason()).startsWith("cooldown: last change at 2026-03-01T11:51:00Z, next allowed at 2026-03-01T12:01:00Z");
        assertThat(decide(4, ScalingSignal.Kind.CPU_HIGH, Optional.of(NOW.minus(Duration.ofMinutes(10))), List.of()).target())
                .isEqualTo(5);
    }

    @Test
    void decide_whenDrillRunning_refusesScaleInButScalesOut() {
        List<String> drill = List.of("drill/run-42");
        ScalingDecision in = decide(6, ScalingSignal.Kind.CPU_LOW, Optional.empty(), drill);
        assertThat(in.direction()).isEqualTo(Direction.HOLD);
        assertThat(in.reason()).startsWith("no scale-in while drill/run-42 runs");
        assertThat(decide(6, ScalingSignal.Kind.CPU_HIGH, Optional.empty(), drill).target()).isEqualTo(7);
    }

    @Test
    void decide_whenOutsideBounds_bringsBackInside() {
        assertThat(decide(1, ScalingSignal.Kind.NONE, Optional.empty(), List.of()).target()).isEqualTo(3);
        assertThat(decide(14, ScalingSignal.Kind.CPU_HIGH, Optional.empty(), List.of()).target()).isEqualTo(10);
    }

    @Test
    void classify_whenEveryMinuteAbove70ForFiveMinutes_isHigh() {
        List<CpuSample> s = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            s.add(new CpuSample(NOW.minus(Duration.ofMinutes(i)), 75));
        }
        assertThat(ScalingDecider.classify(P, s, NOW)).isEqualTo(ScalingSignal.Kind.CPU_HIGH);
    }

    @Test
    void classify_whenOneDipOrTooShort_isNone() {
        List<CpuSample> dip = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            dip.add(new CpuSample(NOW.minus(Duration.ofMinutes(i)), i == 2 ? 69.9 : 90));
        }
        assertThat(ScalingDecider.classify(P, dip, NOW)).isEqualTo(ScalingSignal.Kind.NONE);
        List<CpuSample> short3 = List.of(new CpuSample(NOW.minus(Duration.ofMinutes(2)), 90),
                new CpuSample(NOW.minus(Duration.ofMinutes(1)), 90), new CpuSample(NOW, 90));
        assertThat(ScalingDecider.classify(P, short3, NOW)).isEqualTo(ScalingSignal.Kind.NONE);
    }

    @Test
    void classify_whenBelow30ForFiveMinutes_isLow() {
        List<CpuSample> s = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            s.add(new CpuSample(NOW.minus(Duration.ofMinutes(i)), 12.5));
        }
        assertThat(ScalingDecider.classify(P, s, NOW)).isEqualTo(ScalingSignal.Kind.CPU_LOW);
    }
}

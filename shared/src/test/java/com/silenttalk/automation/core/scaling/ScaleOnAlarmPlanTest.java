package com.silenttalk.automation.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A dry-run is honest when its plan names the calls the real run then makes: over every signal kind, starting count
 * (below, at and past the bounds), known or read count, cooldown and drill in progress, the plan a dry-run returns is
 * compared with the calls a real run on the same state makes on the port.
 */
class ScaleOnAlarmPlanTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ScalingTarget API = new ScalingTarget("silenttalk-prod/api");

    /** The port in memory, recording each call as a plan names it. */
    private static final class RecordingScaler implements CapacityScaler {
        private int count;
        final List<PlannedCall> calls = new ArrayList<>();

        RecordingScaler(int count) {
            this.count = count;
        }

        @Override
        public int currentCount(ScalingTarget target) {
            calls.add(ScalingPlan.readCount(target));
            return count;
        }

        @Override
        public void setDesiredCount(ScalingTarget target, int desired) {
            calls.add(ScalingPlan.setDesiredCount(target, desired));
            count = desired;
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    }

    private record Case(ScalingSignal.Kind kind, int current, boolean known, boolean inCooldown, boolean drillRunning) {
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (ScalingSignal.Kind kind : ScalingSignal.Kind.values()) {
            for (int current : new int[] {0, 2, 3, 4, 9, 10, 12}) {
                for (boolean known : new boolean[] {true, false}) {
                    for (boolean inCooldown : new boolean[] {true, false}) {
                        for (boolean drillRunning : new boolean[] {true, false}) {
                            cases.add(new Case(kind, current, known, inCooldown, drillRunning));
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** A use case over fresh state for {@code c}: a ledger that holds a recent change when the case is in cooldown. */
    private static ScaleOnAlarm useCase(Case c, RecordingScaler scaler) {
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        if (c.inCooldown()) {
            Instant earlier = NOW.minus(Duration.ofMinutes(3));
            new ScaleOnAlarm(new RecordingScaler(c.current()), t -> List.of(), ledger, ScalingPolicy.DEFAULT,
                    Clock.fixed(earlier, ZoneOffset.UTC))
                    .execute(API, new ScalingSignal(ScalingSignal.Kind.CPU_HIGH, "earlier", "earlier alarm", earlier),
                            OptionalInt.of(4), false);
        }
        List<String> running = c.drillRunning() ? List.of("drill/orders-20260301") : List.of();
        return new ScaleOnAlarm(scaler, t -> running, ledger, ScalingPolicy.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void execute_whenRunForRealAfterADryRun_makesExactlyTheCallsThePlanNamed() {
        int changes = 0;
        int holds = 0;
        List<Case> cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ScalingSignal signal = new ScalingSignal(c.kind(), "alarm-" + i, "alarm " + c.kind(), NOW);
            OptionalInt known = c.known() ? OptionalInt.of(c.current()) : OptionalInt.empty();
            RecordingScaler planned = new RecordingScaler(c.current());
            ScalingPlan plan = useCase(c, planned).execute(API, signal, known, true).plan();
            RecordingScaler real = new RecordingScaler(c.current());
            ScaleOnAlarm.Result result = useCase(c, real).execute(API, signal, known, false);

            assertThat(real.calls).as("the real run's calls, %s", c).isEqualTo(plan.calls());
            assertThat(planned.calls).as("a dry-run makes only the plan's reads, %s", c)
                    .isEqualTo(plan.calls().stream().filter(call -> call.operation().equals("currentCount")).toList());
            assertThat(result.decision()).as("%s", c).isEqualTo(plan.decision());
            assertThat(result.applied()).as("%s", c).isEqualTo(plan.decision().changes());
            if (plan.decision().changes()) {
                changes++;
            } else {
                holds++;
            }
        }
        assertThat(changes).as("cases that change the count").isPositive();
        assertThat(holds).as("cases that hold it").isPositive();
    }

    @Test
    void plan_whenTheCountIsUnknownAndTheSignalScalesOut_readsThenSetsOneMore() {
        RecordingScaler scaler = new RecordingScaler(4);
        ScalingPlan plan = useCase(new Case(ScalingSignal.Kind.CPU_HIGH, 4, false, false, false), scaler)
                .plan(API, new ScalingSignal(ScalingSignal.Kind.CPU_HIGH, "a1", "cpu high", NOW), OptionalInt.empty());

        assertThat(plan.calls()).containsExactly(ScalingPlan.readCount(API), ScalingPlan.setDesiredCount(API, 5));
        assertThat(plan.calls().get(1).parameters()).containsEntry("count", 5);
        assertThat(scaler.count).as("planning changes nothing").isEqualTo(4);
    }
}

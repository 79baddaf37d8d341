package com.silenttalk.automation.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.Severity;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.ReadOnlyLedger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScaleOnAlarmTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final ScalingTarget API = new ScalingTarget("silenttalk-prod/api");

    static final class FakeScaler implements CapacityScaler {
        int count;
        final List<Integer> sets = new ArrayList<>();
        int reads;
        RuntimeException failWith;

        FakeScaler(int count) {
            this.count = count;
        }

        @Override
        public int currentCount(ScalingTarget target) {
            reads++;
            return count;
        }

        @Override
        public void setDesiredCount(ScalingTarget target, int desired) {
            if (failWith != null) {
                throw failWith;
            }
            sets.add(desired);
            count = desired;
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    }

    final InMemoryRunLedger ledger = new InMemoryRunLedger();
    final FakeScaler scaler = new FakeScaler(4);
    List<String> running = List.of();

    ScaleOnAlarm at(Instant now) {
        return new ScaleOnAlarm(scaler, t -> running, ledger, ScalingPolicy.DEFAULT, Clock.fixed(now, ZoneOffset.UTC));
    }

    static ScalingSignal signal(ScalingSignal.Kind kind, String id) {
        return new ScalingSignal(kind, id, "alarm cpu " + kind, NOW);
    }

    @Test
    void execute_whenCpuHigh_setsCountAndAuditsReason() {
        ScaleOnAlarm.Result r = at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.empty(), false);
        assertThat(r.applied()).isTrue();
        assertThat(scaler.sets).containsExactly(5);
        assertThat(ledger.records("scale")).singleElement().satisfies(rec -> {
            assertThat(rec.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(rec.details()).containsEntry("direction", "OUT").containsEntry("current", "4")
                    .containsEntry("desired", "5").containsEntry("reason", "alarm cpu CPU_HIGH");
        });
    }

    @Test
    void execute_whenDryRun_setsNothingAndWritesNothing() {
        ScaleOnAlarm.Result r = at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.of(4), true);
        assertThat(r.decision().target()).isEqualTo(5);
        assertThat(r.applied()).isFalse();
        assertThat(scaler.sets).isEmpty();
        assertThat(scaler.reads).isZero();
        assertThat(ledger.writes()).isEmpty();
    }

    @Test
    void execute_whenDryRunOverAReadOnlyLedger_holdsForTheRealLedgersCooldownAndWritesNothing() {
        at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.empty(), false);
        int writes = ledger.writes().size();
        ScaleOnAlarm.Result planned = new ScaleOnAlarm(scaler, t -> running, ReadOnlyLedger.over(ledger), ScalingPolicy.DEFAULT,
                Clock.fixed(NOW.plus(Duration.ofMinutes(3)), ZoneOffset.UTC))
                .execute(API, signal(ScalingSignal.Kind.ERROR_RATE_HIGH, "a2"), OptionalInt.of(5), true);
        assertThat(planned.decision().reason()).startsWith("cooldown");
        assertThat(planned.applied()).isFalse();
        assertThat(scaler.sets).containsExactly(5);
        assertThat(ledger.writes()).hasSize(writes);
    }

    @Test
    void execute_whenSecondSignalInsideCooldown_holdsUsingLedgerTime() {
        at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.empty(), false);
        ScaleOnAlarm.Result second = at(NOW.plus(Duration.ofMinutes(3)))
                .execute(API, signal(ScalingSignal.Kind.ERROR_RATE_HIGH, "a2"), OptionalInt.empty(), false);
        assertThat(second.decision().reason()).startsWith("cooldown");
        assertThat(scaler.sets).containsExactly(5);
        ScaleOnAlarm.Result third = at(NOW.plus(Duration.ofMinutes(10)))
                .execute(API, signal(ScalingSignal.Kind.ERROR_RATE_HIGH, "a3"), OptionalInt.empty(), false);
        assertThat(third.applied()).isTrue();
        assertThat(scaler.sets).containsExactly(5, 6);
        assertThat(ledger.records("scale")).extracting(r -> r.outcome())
                .containsExactly(Outcome.SUCCEEDED, Outcome.SKIPPED, Outcome.SUCCEEDED);
    }

    @Test
    void execute_whenSameSignalDeliveredTwice_scalesOnce() {
        at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.empty(), false);
        ScaleOnAlarm.Result again = at(NOW.plus(Duration.ofHours(1)))
                .execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.empty(), false);
        assertThat(again.duplicate()).isTrue();
        assertThat(scaler.sets).containsExactly(5);
    }

    @Test
    void execute_whenDrillRunning_doesNotScaleIn() {
        running = List.of("drill/run-7");
        ScaleOnAlarm.Result r = at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_LOW, "low"), OptionalInt.empty(), false);
        assertThat(r.decision().reason()).startsWith("no scale-in while drill/run-7 runs");
        assertThat(scaler.sets).isEmpty();
    }

    @Test
    void execute_whenScalerFails_auditsFailureAndRethrows() {
        scaler.failWith = new IllegalStateException("throttled");
        assertThatThrownBy(() -> at(NOW).execute(API, signal(ScalingSignal.Kind.CPU_HIGH, "a1"), OptionalInt.empty(), false))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ledger.records("scale").get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(ledger.find(ScaleOnAlarm.lastChangeKey(API))).isEmpty();
    }

    static Alert alarm(String name, String metric, AlertState state, Map<String, String> tags, Map<String, String> details) {
        return new Alert(AlertSource.CLOUDWATCH_SNS, "1", "eu-west-1", "AWS/ECS", "svc", name, metric, state, Severity.ERROR,
                null, NOW, NOW, DedupeKey.of("aws", name), URI.create("https://console.aws.amazon.com/"), tags, details);
    }

    @Test
    void alarmSignals_whenAlarms_mapToScalingKinds() {
        assertThat(AlarmSignals.from(alarm("api-cpu-high", "CPUUtilization", AlertState.FIRING, Map.of(), Map.of())).kind())
                .isEqualTo(ScalingSignal.Kind.CPU_HIGH);
        assertThat(AlarmSignals.from(alarm("api-cpu-low", "CPUUtilization", AlertState.FIRING, Map.of(), Map.of())).kind())
                .isEqualTo(ScalingSignal.Kind.CPU_LOW);
        assertThat(AlarmSignals.from(alarm("x", "CpuPercentage", AlertState.FIRING, Map.of(), Map.of("comparison", "LessThan"))).kind())
                .isEqualTo(ScalingSignal.Kind.CPU_LOW);
        assertThat(AlarmSignals.from(alarm("api-5xx", "HTTPCode_Target_5XX_Count", AlertState.FIRING, Map.of(), Map.of())).kind())
                .isEqualTo(ScalingSignal.Kind.ERROR_RATE_HIGH);
        assertThat(AlarmSignals.from(alarm("q", "ApproximateNumberOfMessagesVisible", AlertState.FIRING, Map.of("scaling", "in"), Map.of())).kind())
                .isEqualTo(ScalingSignal.Kind.CPU_LOW);
        assertThat(AlarmSignals.from(alarm("api-cpu-high", "CPUUtilization", AlertState.RESOLVED, Map.of(), Map.of())).kind())
                .isEqualTo(ScalingSignal.Kind.NONE);
        assertThat(AlarmSignals.from(alarm("db", "DatabaseConnections", AlertState.FIRING, Map.of(), Map.of())).kind())
                .isEqualTo(ScalingSignal.Kind.NONE);
    }
}

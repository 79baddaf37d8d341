package com.silenttalk.automation.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.GateKeyState;
import com.silenttalk.automation.core.alerting.SuppressionContext;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The stored gate state reads back as it was written, held alerts included. */
class AlertJsonTest {
    @Test
    void readGateState_whenWrittenWithAHeldResolution_readsBackEqual() {
        Alert firing = AlertFixtures.alert("cloudwatch/alarm-state-change-metric.json");
        Alert resolved = AlertFixtures.alert("cloudwatch/alarm-state-change-metric-ok.json");
        AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);
        Instant t = firing.changedAt();
        gate.offer(firing, t, SuppressionContext.NONE);
        gate.offer(resolved, t.plus(Duration.ofMinutes(1)), SuppressionContext.NONE);
        GateKeyState state = gate.export(firing.dedupeKey()).orElseThrow();
        assertThat(state.heldResolve()).isEqualTo(resolved);

        GateKeyState back = AlertJson.readGateState("state", AlertJson.gateState(state));

        assertThat(back).isEqualTo(state);
    }

    @Test
    void readGateState_whenNotAState_failsNamingTheField() {
        assertThatThrownBy(() -> AlertJson.readGateState("state", "{\"open\":true}"))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("state:");
    }
}

package com.silenttalk.automation.core.alerting;

import static com.silenttalk.automation.core.alerting.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An alert storm: 300,000 events over 10,000 keys (the benchmark runs 1,000,000). The gate's memory is bounded by its cap, not by the storm. */
class AlertGateStormTest {
    @Test
    void offer_whenStormOverTenThousandKeys_tracksAtMostTheCapAndLosesNoHeldResolution() {
        int cap = 2_500;
        AlertGate gate = new AlertGate(new SuppressionPolicy(Duration.ofMinutes(30), 3, Duration.ofMinutes(10),
                Duration.ofMinutes(2), Duration.ofMinutes(10), cap));
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            firing.add(TestAlerts.firing("storm-" + i, T0));
            resolved.add(TestAlerts.resolved("storm-" + i, T0));
        }
        long holds = 0;
        long released = 0;
        int peak = 0;
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300_000; i++) {
            Instant now = T0.plusMillis(i * 3L);
            int key = random.nextInt(10_000);
            Alert alert = random.nextBoolean() ? firing.get(key) : resolved.get(key);
            for (GateDecision d : gate.offer(retime(alert, now), now, SuppressionContext.NONE)) {
                if (d instanceof GateDecision.Hold) {
                    holds++;
                } else if (d instanceof GateDecision.Deliver && !d.alert().isFiring() && d.alert().changedAt().isBefore(now)) {
                    released++;
                }
            }
            peak = Math.max(peak, gate.trackedKeys());
        }
        assertThat(peak).isEqualTo(cap);
        assertThat(holds).isPositive();
        assertThat(released).as("held resolutions released on time or on eviction").isPositive();
    }

    private static Alert retime(Alert a, Instant at) {
        return new Alert(a.source(), a.account(), a.region(), a.service(), a.resource(), a.name(), a.metric(), a.state(),
                a.severity(), a.summary(), at, at, a.dedupeKey(), a.consoleLink(), a.tags(), a.details());
    }
}

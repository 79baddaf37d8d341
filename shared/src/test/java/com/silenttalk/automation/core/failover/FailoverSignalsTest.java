package com.silenttalk.automation.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverSignalsTest {
    static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    final InMemoryRunLedger ledger = new InMemoryRunLedger();
    final FailoverPolicy policy = FailoverPolicy.defaults();
    final FailoverSignals signals = new FailoverSignals(ledger, policy);
    final Map<String, SignalKind> configured = new LinkedHashMap<>(Map.of("frontdoor-probe", SignalKind.HEALTH_CHECK,
            "pg-alive", SignalKind.ALARM));

    @Test
    void current_whenTwoKindsFiredLongEnough_letsTheGateMeetTheQuorum() {
        signals.record("orders", "frontdoor-probe", true, T0);
        signals.record("orders", "pg-alive", true, T0.plusSeconds(30));

        List<Signal> now = signals.current("orders", configured);
        FailoverDecision d = FailoverGate.evaluate(policy, now, Duration.ZERO, FailoverHistory.none(), false, T0.plus(Duration.ofMinutes(5)));

        assertThat(now).allSatisfy(s -> assertThat(s.failing()).isTrue());
        assertThat(d.quorumMet()).isTrue();
    }

    @Test
    void current_whenOnlyOneFired_isNoQuorum_andUnheardSignalsAreHealthy() {
        signals.record("orders", "frontdoor-probe", true, T0);

        List<Signal> now = signals.current("orders", configured);

        assertThat(now).filteredOn(Signal::failing).extracting(Signal::name).containsExactly("frontdoor-probe");
        assertThat(FailoverGate.evaluate(policy, now, Duration.ZERO, FailoverHistory.none(), false, T0.plusSeconds(600)).quorumMet())
                .isFalse();
    }

    @Test
    void record_whenTheSameFiringIsDeliveredAgain_keepsTheFirstTimeAndCountsOneChange() {
        signals.record("orders", "pg-alive", true, T0);
        signals.record("orders", "pg-alive", true, T0.plusSeconds(120));

        assertThat(signals.current("orders", configured)).filteredOn(Signal::failing).singleElement().satisfies(s -> {
            assertThat(s.failingSince()).isEqualTo(T0);
            assertThat(s.changesInWindow()).isEqualTo(1);
        });
    }

    @Test
    void record_whenAnAlertFlapsWithinTheWindow_theGateIgnoresIt() {
        Instant t = T0;
        for (int i = 0; i < 6; i++) {
            signals.record("orders", "pg-alive", i % 2 == 0, t);
            t = t.plusSeconds(10);
        }
        signals.record("orders", "pg-alive", true, t);
        signals.record("orders", "frontdoor-probe", true, T0);

        FailoverDecision d = FailoverGate.evaluate(policy, signals.current("orders", configured), Duration.ZERO,
                FailoverHistory.none(), false, t.plus(Duration.ofMinutes(5)));

        assertThat(d.quorumMet()).isFalse();
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("pg-alive is flapping"));
    }

    @Test
    void record_whenResolved_theSignalIsHealthyAgain() {
        signals.record("orders", "pg-alive", true, T0);
        signals.record("orders", "pg-alive", false, T0.plusSeconds(60));

        assertThat(signals.current("orders", configured)).noneMatch(Signal::failing);
    }
}

package com.silenttalk.automation.azure.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.silenttalk.automation.alerting.channels.AlertFixtures;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertGateStore;
import com.silenttalk.automation.core.alerting.GateDecision;
import com.silenttalk.automation.core.alerting.GateKeyState;
import com.silenttalk.automation.core.alerting.StoredAlertGate;
import com.silenttalk.automation.core.alerting.SuppressionContext;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gate store on azurite's Table service, two stores standing for two Functions instances. */
@ExtendWith(Azurite.class)
class TableAlertGateStoreTest {
    TableAlertGateStore storeA;
    TableAlertGateStore storeB;

    @BeforeEach
    void table(Azurite.Accounts accounts) {
        String name = "gate" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TableClient a = TestAzure.clients().table(accounts.primary(), name);
        a.createTable();
        storeA = new TableAlertGateStore(a);
        storeB = new TableAlertGateStore(TestAzure.clients().table(accounts.primary(), name));
    }

    /** A fired-then-resolved key whose resolution is held for the settle time. */
    static GateKeyState heldState(Alert firing, Alert resolved, Instant now) {
        AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);
        gate.offer(firing, now, SuppressionContext.NONE);
        gate.offer(resolved, now.plusSeconds(60), SuppressionContext.NONE);
        return gate.export(firing.dedupeKey()).orElseThrow();
    }

    @Test
    void save_whenTwoWritersReadTheSameVersion_onlyOneWins() {
        Alert firing = AlertFixtures.alert("azure-monitor/metric-alert-fired.json");
        Alert resolved = AlertFixtures.alert("azure-monitor/metric-alert-resolved.json");
        GateKeyState state = heldState(firing, resolved, firing.changedAt());

        assertThat(storeA.save(firing.dedupeKey(), state, 0, firing.changedAt())).isTrue();
        assertThat(storeB.save(firing.dedupeKey(), state, 0, firing.changedAt())).isFalse();
        assertThat(storeB.save(firing.dedupeKey(), state, 1, firing.changedAt())).isTrue();
        assertThat(storeA.save(firing.dedupeKey(), state, 1, firing.changedAt())).isFalse();

        AlertGateStore.Versioned read = storeA.load(firing.dedupeKey()).orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.state()).isEqualTo(state);
    }

    @Test
    void dueBy_whenAResolutionIsHeld_findsTheKeyOnlyOnceItIsDue() {
        Alert firing = AlertFixtures.alert("azure-monitor/metric-alert-fired.json");
        Alert resolved = AlertFixtures.alert("azure-monitor/metric-alert-resolved.json");
        Instant now = firing.changedAt();
        GateKeyState state = heldState(firing, resolved, now);
        Instant due = state.dueAt().orElseThrow();

        storeA.save(firing.dedupeKey(), state, 0, now);

        assertThat(storeB.dueBy(due.minusSeconds(1))).isEmpty();
        assertThat(storeB.dueBy(due)).containsExactly(firing.dedupeKey());
    }

    @Test
    void dueBy_whenNothingIsPending_findsNothingEvenFarAhead() {
        Alert firing = AlertFixtures.alert("azure-monitor/metric-alert-fired.json");
        AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);
        gate.offer(firing, firing.changedAt(), SuppressionContext.NONE);

        storeA.save(firing.dedupeKey(), gate.export(firing.dedupeKey()).orElseThrow(), 0, firing.changedAt());

        assertThat(storeB.dueBy(firing.changedAt().plusSeconds(365L * 24 * 3600))).isEmpty();
        assertThat(storeB.load(firing.dedupeKey())).isPresent();
    }

    @Test
    void offer_whenTheResolutionReachesTheOtherInstance_isPairedThroughTableStorage() {
        Alert firing = AlertFixtures.alert("azure-monitor/metric-alert-fired.json");
        Alert resolved = AlertFixtures.alert("azure-monitor/metric-alert-resolved.json");
        StoredAlertGate gateA = new StoredAlertGate(SuppressionPolicy.DEFAULT, storeA);
        StoredAlertGate gateB = new StoredAlertGate(SuppressionPolicy.DEFAULT, storeB);
        Instant t = firing.changedAt();

        List<GateDecision> fired = gateA.offer(firing, t, SuppressionContext.NONE);
        List<GateDecision> repeat = gateB.offer(firing, t.plusSeconds(30), SuppressionContext.NONE);
        List<GateDecision> held = gateB.offer(resolved, t.plusSeconds(90), SuppressionContext.NONE);
        List<GateDecision> released = gateA.sweep(t.plusSeconds(90).plus(SuppressionPolicy.DEFAULT.resolveSettle()));

        assertThat(fired).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(repeat).singleElement().isInstanceOf(GateDecision.Suppress.class);
        assertThat(held).singleElement().isInstanceOf(GateDecision.Hold.class);
        assertThat(released).singleElement().isInstanceOf(GateDecision.Deliver.class)
                .extracting(GateDecision::alert).isEqualTo(resolved);
        assertThat(storeA.load(firing.dedupeKey()).orElseThrow().state().open()).isFalse();
    }
}

package com.silenttalk.automation.core.alerting;

import static com.silenttalk.automation.core.alerting.TestAlerts.T0;
import static com.silenttalk.automation.core.alerting.TestAlerts.firing;
import static com.silenttalk.automation.core.alerting.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertGateTest {
    private final AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);

    private GateDecision last(List<GateDecision> decisions) {
        return decisions.get(decisions.size() - 1);
    }

    private GateDecision offer(Alert alert, Instant now) {
        return last(gate.offer(alert, now, SuppressionContext.NONE));
    }

    @Test
    void offer_whenFirstFiring_delivers() {
        assertThat(offer(firing("cpu", T0), T0)).isInstanceOf(GateDecision.Deliver.class);
    }

    @Test
    void offer_whenSameFiringRepeatsInsideDedupeWindow_suppressesAsDuplicate() {
        offer(firing("cpu", T0), T0);
        GateDecision second = offer(firing("cpu", T0.plusSeconds(60)), T0.plusSeconds(60));
        assertThat(second).isInstanceOf(GateDecision.Suppress.class);
        assertThat(((GateDecision.Suppress) second).reason()).startsWith("duplicate");
    }

    @Test
    void offer_whenFiringRepeatsAfterDedupeWindow_deliversReminder() {
        offer(firing("cpu", T0), T0);
        Instant later = T0.plus(Duration.ofMinutes(31));
        GateDecision reminder = offer(firing("cpu", later), later);
        assertThat(reminder).isInstanceOf(GateDecision.Deliver.class);
        assertThat(((GateDecision.Deliver) reminder).note()).startsWith("still firing");
    }

    @Test
    void offer_whenResolvedLongAfterFiring_deliversAtOnce() {
        offer(firing("cpu", T0), T0);
        Instant later = T0.plus(Duration.ofMinutes(20));
        assertThat(offer(resolved("cpu", later), later)).isInstanceOf(GateDecision.Deliver.class);
    }

    @Test
    void offer_whenResolvedSoonAfterFiring_holdsThenSweepDelivers() {
        offer(firing("cpu", T0), T0);
        Instant soon = T0.plusSeconds(90);
        GateDecision held = offer(resolved("cpu", soon), soon);
        assertThat(held).isInstanceOf(GateDecision.Hold.class);
        assertThat(gate.sweep(soon.plusSeconds(119))).isEmpty();
        List<GateDecision> released = gate.sweep(soon.plusSeconds(120));
        assertThat(released).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(released.get(0).alert().state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void offer_whenRefiredWhileResolutionHeld_cancelsBoth() {
        offer(firing("cpu", T0), T0);
        offer(resolved("cpu", T0.plusSeconds(30)), T0.plusSeconds(30));
        GateDecision refire = offer(firing("cpu", T0.plusSeconds(60)), T0.plusSeconds(60));
        assertThat(refire).isInstanceOf(GateDecision.Suppress.class);
        assertThat(gate.sweep(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void offer_whenResolvedButFiringWasSuppressed_suppressesResolution() {
        MaintenanceWindow window = new MaintenanceWindow("patching", T0.minusSeconds(60), T0.plusSeconds(600), AlertMatch.ANY);
        SuppressionContext ctx = new SuppressionContext(List.of(window), List.of());
        GateDecision fire = last(gate.offer(firing("cpu", T0), T0, ctx));
        assertThat(((GateDecision.Suppress) fire).reason()).contains("maintenance window 'patching'");
        Instant later = T0.plus(Duration.ofMinutes(20));
        GateDecision resolve = offer(resolved("cpu", later), later);
        assertThat(((GateDecision.Suppress) resolve).reason()).startsWith("nothing open");
    }

    @Test
    void offer_whenMaintenanceWindowMatchesOtherService_delivers() {
        AlertMatch rds = new AlertMatch(Set.of(), List.of(new Glob("services", "AWS/RDS")), List.of(), List.of(), List.of(), Map.of(), Set.of());
        SuppressionContext ctx = new SuppressionContext(
                List.of(new MaintenanceWindow("db", T0.minusSeconds(60), T0.plusSeconds(600), rds)), List.of());
        assertThat(last(gate.offer(firing("cpu", T0), T0, ctx))).isInstanceOf(GateDecision.Deliver.class);
    }

    @Test
    void offer_whenDeploymentMarkerCovers_suppressesFiringUntilGraceEnds() {
        DeploymentMarker marker = new DeploymentMarker("deploy-42", AlertMatch.ANY, T0.minusSeconds(300), T0);
        SuppressionContext ctx = new SuppressionContext(List.of(), List.of(marker));
        GateDecision during = last(gate.offer(firing("cpu", T0.plusSeconds(60)), T0.plusSeconds(60), ctx));
        assertThat(((GateDecision.Suppress) during).reason()).contains("deploy-42");
        Instant afterGrace = T0.plus(Duration.ofMinutes(10));
        assertThat(last(gate.offer(firing("cpu", afterGrace), afterGrace, ctx))).isInstanceOf(GateDecision.Deliver.class);
    }

    @Test
    void offer_whenUnfinishedDeploymentMarkerIsOld_lapses() {
        DeploymentMarker forgotten = new DeploymentMarker("deploy-1", AlertMatch.ANY, T0.minus(Duration.ofHours(3)), null);
        SuppressionContext ctx = new SuppressionContext(List.of(), List.of(forgotten));
        assertThat(last(gate.offer(firing("cpu", T0), T0, ctx))).isInstanceOf(GateDecision.Deliver.class);
    }

    @Test
    void offer_whenResolutionOfUnknownAlert_deliversIt() {
        GateDecision d = offer(resolved("cpu", T0), T0);
        assertThat(d).isInstanceOf(GateDecision.Deliver.class);
    }

    @Test
    void offer_whenEventOlderThanLastChange_suppressesAsStale() {
        offer(firing("cpu", T0), T0);
        GateDecision old = offer(resolved("cpu", T0.minusSeconds(5)), T0.plusSeconds(5));
        assertThat(((GateDecision.Suppress) old).reason()).startsWith("stale");
    }

    @Test
    void offer_whenAlarmFlapsSlowerThanSettle_mutesAndNotesFlapping() {
        // F at 0, R at 3 min (held 2 min, released at 5), F at 6: third change in 10 min -> flapping, muted.
        offer(firing("cpu", T0), T0);
        offer(resolved("cpu", T0.plusSeconds(180)), T0.plusSeconds(180));
        List<GateDecision> released = gate.sweep(T0.plusSeconds(300));
        assertThat(released).singleElement().isInstanceOf(GateDecision.Deliver.class);
        GateDecision refire = offer(firing("cpu", T0.plusSeconds(360)), T0.plusSeconds(360));
        assertThat(((GateDecision.Suppress) refire).reason()).startsWith("flapping");
        // Quiet for 10 minutes, still firing: the sweep sends that firing once, with the flapping note.
        assertThat(gate.sweep(T0.plusSeconds(360 + 599))).isEmpty();
        List<GateDecision> after = gate.sweep(T0.plusSeconds(360 + 600));
        assertThat(after).singleElement().satisfies(d -> {
            assertThat(d).isInstanceOf(GateDecision.Deliver.class);
            assertThat(d.alert().state()).isEqualTo(AlertState.FIRING);
            assertThat(((GateDecision.Deliver) d).note()).startsWith("flapping: ");
        });
    }

    @Test
    void offer_whenFlapEndsResolved_sendsNothingMoreAfterQuiet() {
        offer(firing("cpu", T0), T0);
        offer(resolved("cpu", T0.plusSeconds(180)), T0.plusSeconds(180));
        gate.sweep(T0.plusSeconds(300));
        offer(firing("cpu", T0.plusSeconds(360)), T0.plusSeconds(360));
        GateDecision finalResolve = offer(resolved("cpu", T0.plusSeconds(400)), T0.plusSeconds(400));
        assertThat(finalResolve).isInstanceOf(GateDecision.Suppress.class);
        assertThat(gate.sweep(T0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void offer_whenManyDistinctKeys_keepsAtMostTheCap() {
        AlertGate small = new AlertGate(new SuppressionPolicy(Duration.ofMinutes(30), 3, Duration.ofMinutes(10),
                Duration.ofMinutes(2), Duration.ofMinutes(10), 100));
        for (int i = 0; i < 1_000; i++) {
            small.offer(firing("alarm-" + i, T0.plusSeconds(i)), T0.plusSeconds(i), SuppressionContext.NONE);
            assertThat(small.trackedKeys()).isLessThanOrEqualTo(100);
        }
        assertThat(small.trackedKeys()).isEqualTo(100);
    }

    @Test
    void offer_whenKeyWithHeldResolutionIsEvicted_releasesIt() {
        AlertGate tiny = new AlertGate(new SuppressionPolicy(Duration.ofMinutes(30), 3, Duration.ofMinutes(10),
                Duration.ofMinutes(2), Duration.ofMinutes(10), 1));
        tiny.offer(firing("a", T0), T0, SuppressionContext.NONE);
        tiny.offer(resolved("a", T0.plusSeconds(10)), T0.plusSeconds(10), SuppressionContext.NONE);
        List<GateDecision> out = tiny.offer(firing("b", T0.plusSeconds(20)), T0.plusSeconds(20), SuppressionContext.NONE);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).alert().name()).isEqualTo("a");
        assertThat(out.get(0)).isInstanceOf(GateDecision.Deliver.class);
        assertThat(out.get(0).alert().state()).isEqualTo(AlertState.RESOLVED);
    }
}

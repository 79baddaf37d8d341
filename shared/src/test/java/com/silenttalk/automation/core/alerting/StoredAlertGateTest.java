package com.silenttalk.automation.core.alerting;

import static com.silenttalk.automation.core.alerting.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Two processes sharing a store behave as one gate: a resolution reaching the container that never
 * saw the firing still pairs with it, a flap spread over containers is still one flap.
 */
class StoredAlertGateTest {
    final InMemoryAlertGateStore store = new InMemoryAlertGateStore();
    final StoredAlertGate containerA = new StoredAlertGate(SuppressionPolicy.DEFAULT, store);
    final StoredAlertGate containerB = new StoredAlertGate(SuppressionPolicy.DEFAULT, store);

    @Test
    void offer_whenResolutionReachesTheOtherContainer_isHeldAndPairedWithTheFiring() {
        Instant fired = T0;
        Instant resolvedAt = T0.plus(Duration.ofMinutes(3));

        List<GateDecision> first = containerA.offer(TestAlerts.firing("api-cpu", fired), fired, SuppressionContext.NONE);
        List<GateDecision> second = containerB.offer(TestAlerts.resolved("api-cpu", resolvedAt), resolvedAt, SuppressionContext.NONE);
        List<GateDecision> released = containerA.sweep(resolvedAt.plus(SuppressionPolicy.DEFAULT.resolveSettle()));

        assertThat(first).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(second).singleElement().isInstanceOf(GateDecision.Hold.class);
        assertThat(released).singleElement().satisfies(d -> {
            assertThat(d).isInstanceOf(GateDecision.Deliver.class);
            assertThat(d.alert().state()).isEqualTo(AlertState.RESOLVED);
        });
        assertThat(store.load(TestAlerts.firing("api-cpu", fired).dedupeKey())).hasValueSatisfying(v -> {
            assertThat(v.state().open()).isFalse();
            assertThat(v.state().dueAt()).isEmpty();
        });
    }

    @Test
    void offer_whenRepeatedFiringReachesTheOtherContainer_isADuplicate() {
        containerA.offer(TestAlerts.firing("api-cpu", T0), T0, SuppressionContext.NONE);
        Instant later = T0.plusSeconds(60);

        List<GateDecision> again = containerB.offer(TestAlerts.firing("api-cpu", later), later, SuppressionContext.NONE);

        assertThat(again).singleElement().isInstanceOf(GateDecision.Suppress.class);
        assertThat(((GateDecision.Suppress) again.get(0)).reason()).startsWith("duplicate");
    }

    @Test
    void offer_whenAnotherWriterWinsOnce_judgesAgainAndSaves() {
        store.conflictsToSimulate = 1;

        List<GateDecision> out = containerA.offer(TestAlerts.firing("api-cpu", T0), T0, SuppressionContext.NONE);

        assertThat(out).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(store.saves).isEqualTo(2);
        assertThat(store.items).hasSize(1);
    }

    @Test
    void offer_whenTheStateKeepsChanging_failsAfterBoundedAttempts() {
        store.conflictsToSimulate = 100;

        assertThatThrownBy(() -> containerA.offer(TestAlerts.firing("api-cpu", T0), T0, SuppressionContext.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("5 times");
        assertThat(store.saves).isEqualTo(StoredAlertGate.MAX_ATTEMPTS);
        assertThat(store.items).isEmpty();
    }

    @Test
    void snapshot_whenJudgedInADryRun_changesNothingStored() {
        containerA.offer(TestAlerts.firing("api-cpu", T0), T0, SuppressionContext.NONE);
        DedupeKey key = TestAlerts.firing("api-cpu", T0).dedupeKey();
        AlertGateStore.Versioned before = store.load(key).orElseThrow();

        List<GateDecision> dry = containerA.snapshot(key).offer(TestAlerts.resolved("api-cpu", T0.plusSeconds(900)),
                T0.plusSeconds(900), SuppressionContext.NONE);

        assertThat(dry).singleElement().isInstanceOf(GateDecision.Deliver.class);
        assertThat(store.load(key)).contains(before);
    }

    record Step(boolean sweep, int alarm, AlertState state, long gapSeconds, boolean onB) {
    }

    @Provide
    Arbitrary<List<Step>> anySequence() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(
                Arbitraries.of(true, false, false, false), Arbitraries.integers().between(0, 2),
                Arbitraries.of(AlertState.class), Arbitraries.longs().between(0, 900), Arbitraries.of(true, false)).as(Step::new);
        return step.list().ofMaxSize(60);
    }

    /** Whatever the order and whichever container gets each event, the decisions are those of one in-memory gate. */
    @Property(tries = 300)
    void offer_whenEventsSpreadOverTwoContainers_decidesAsOneGate(@ForAll("anySequence") List<Step> steps) {
        AlertGate one = new AlertGate(SuppressionPolicy.DEFAULT);
        InMemoryAlertGateStore shared = new InMemoryAlertGateStore();
        List<StoredAlertGate> containers = List.of(new StoredAlertGate(SuppressionPolicy.DEFAULT, shared),
                new StoredAlertGate(SuppressionPolicy.DEFAULT, shared));
        Instant now = T0;
        for (Step step : steps) {
            now = now.plusSeconds(step.gapSeconds());
            StoredAlertGate container = containers.get(step.onB() ? 1 : 0);
            List<String> expected = brief(one.sweep(now));
            List<String> actual = brief(container.sweep(now));
            if (!step.sweep()) {
                Alert alert = TestAlerts.alert("alarm-" + step.alarm(), step.state(), now);
                expected.addAll(brief(one.offer(alert, now, SuppressionContext.NONE)));
                actual.addAll(brief(container.offer(alert, now, SuppressionContext.NONE)));
            }
            assertThat(actual).as("at %s", now).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static List<String> brief(List<GateDecision> decisions) {
        List<String> out = new ArrayList<>();
        for (GateDecision d : decisions) {
            out.add(d.alert().name() + " " + d.alert().state() + " " + RouteAlert.describe(d));
        }
        return out;
    }
}

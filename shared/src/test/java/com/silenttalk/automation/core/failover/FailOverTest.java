package com.silenttalk.automation.core.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FailOverTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private static final List<Signal> QUORUM = List.of(Signal.failing("health", SignalKind.HEALTH_CHECK, T0),
            Signal.failing("reach", SignalKind.REACHABILITY, T0), Signal.failing("alarm", SignalKind.ALARM, T0));

    private final ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(10)));
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();

    @Test
    void trigger_whenTwentyTriggersRaceWithTheQuorumMet_exactlyOneExecutes() throws Exception {
        FailOver failOver = new FailOver(FailoverPolicy.defaults().withMode(FailoverMode.AUTOMATIC), ledger, clock);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<FailOver.TriggerResult>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofSeconds(2), FailoverHistory.none(), Optional.empty());
            }));
        }
        go.countDown();
        int executing = 0;
        for (Future<FailOver.TriggerResult> r : results) {
            executing += r.get().execute() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(executing).isEqualTo(1);
    }

    @Test
    void trigger_afterACompletedFailover_plansTheNextGenerationAndRespectsTheCooldown() {
        FailOver failOver = new FailOver(FailoverPolicy.defaults().withMode(FailoverMode.AUTOMATIC), ledger, clock);
        FailoverPlan first = failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofSeconds(2),
                FailoverHistory.read(ledger, "db"), Optional.empty()).plan().orElseThrow();
        FailoverHistory.recordCompleted(ledger, first, clock.instant());

        FailOver.TriggerResult tooSoon = failOver.trigger("db", "standby", "primary", QUORUM, Duration.ofSeconds(2),
                FailoverHistory.read(ledger, "db"), Optional.empty());
        clock.advance(Duration.ofHours(2));
        FailOver.TriggerResult later = failOver.trigger("db", "standby", "primary", QUORUM, Duration.ofSeconds(2),
                FailoverHistory.read(ledger, "db"), Optional.empty());

        assertThat(first.planId()).isEqualTo("db-gen1");
        assertThat(tooSoon.execute()).isFalse();
        assertThat(tooSoon.decision().reasons()).anySatisfy(r -> assertThat(r).startsWith("cooldown"));
        assertThat(later.execute()).isTrue();
        assertThat(later.plan().orElseThrow().planId()).isEqualTo("db-gen2");
    }

    @Test
    void awaitingApproval_whenChecked_readsOnlyAndTheApprovalStillWorks() {
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), ledger, clock);
        String planId = failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofSeconds(2), FailoverHistory.none(), Optional.empty())
                .plan().orElseThrow().planId();
        int writes = ledger.writes().size();

        FailoverPlan shown = failOver.awaitingApproval(planId);

        assertThat(shown.to()).isEqualTo("standby");
        assertThat(ledger.writes()).hasSize(writes);
        assertThat(failOver.approve(planId).planId()).isEqualTo(planId);
        assertThatThrownBy(() -> failOver.awaitingApproval(planId)).hasMessageContaining("already approved");
    }

    @Test
    void approve_whenThePlanIsUnknownExpiredOrUsed_rejectsAndChangesNothing() {
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), ledger, clock);
        FailOver.TriggerResult awaiting = failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofSeconds(2),
                FailoverHistory.none(), Optional.empty());
        assertThat(awaiting.decision().verdict()).isEqualTo(FailoverDecision.Verdict.AWAIT_APPROVAL);
        String planId = awaiting.plan().orElseThrow().planId();

        assertThatThrownBy(() -> failOver.approve("nope")).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("plan:").hasMessageContaining("no failover plan 'nope'");
        assertThatThrownBy(() -> failOver.approve("Bad Id")).isInstanceOf(InvalidFieldException.class);
        int writes = ledger.writes().size();
        clock.advance(Duration.ofMinutes(31));
        assertThatThrownBy(() -> failOver.approve(planId)).hasMessageContaining("expired");
        assertThat(ledger.writes()).hasSize(writes);
    }

    @Test
    void approve_whenValid_returnsThePlanOnce() {
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), ledger, clock);
        String planId = failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofSeconds(2), FailoverHistory.none(), Optional.empty())
                .plan().orElseThrow().planId();

        FailoverPlan plan = failOver.approve(planId);

        assertThat(plan.to()).isEqualTo("standby");
        assertThatThrownBy(() -> failOver.approve(planId)).hasMessageContaining("already approved");
    }

    @Test
    void planSwitchover_neverAllowsDataLoss_andIsSingleFlight() {
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), ledger, clock);

        FailoverPlan plan = failOver.planSwitchover("db", "primary", "standby", FailoverHistory.none());

        assertThat(plan.planned()).isTrue();
        assertThat(plan.allowDataLoss()).isFalse();
        assertThatThrownBy(() -> failOver.planSwitchover("db", "primary", "standby", FailoverHistory.none()))
                .hasMessageContaining("already in flight");
        assertThatThrownBy(() -> new FailoverPlan("p", "db", "a", "b", true, true, T0, T0, List.of()))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("never accepts data loss");
    }

    @Test
    void trigger_inDryRunMode_returnsThePlanAndTakesNoLease() {
        FailOver failOver = new FailOver(FailoverPolicy.defaults().withMode(FailoverMode.DRY_RUN), ledger, clock);

        FailOver.TriggerResult r = failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofSeconds(2), FailoverHistory.none(), Optional.empty());

        assertThat(r.execute()).isFalse();
        assertThat(r.plan()).isPresent();
        assertThat(ledger.writes()).isEmpty();
    }

    @Test
    void trigger_whenForcedPastTheRpo_recordsTheOperatorsReasonInThePlanAndTheLedger() {
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        FailOver failOver = new FailOver(FailoverPolicy.defaults(), ledger, clock);

        FailOver.TriggerResult r = failOver.trigger("db", "primary", "standby", QUORUM, Duration.ofHours(7), FailoverHistory.none(),
                Optional.of(new DataLossWaiver("  region lost; INC-1  ")));

        FailoverPlan plan = r.plan().orElseThrow();
        assertThat(plan.allowDataLoss()).isTrue();
        assertThat(DataLossWaiver.recordedIn(plan)).contains("data loss accepted by the operator (allowDataLoss), reason: region lost; INC-1");
        assertThat(DataLossWaiver.recordedIn(failOver.awaitingApproval(plan.planId()))).isEqualTo(DataLossWaiver.recordedIn(plan));
    }

    @Test
    void dataLossWaiver_whenTheReasonIsMissingOrForcingIsHalfGiven_namesTheField() {
        assertThatThrownBy(() -> DataLossWaiver.of(true, null)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> DataLossWaiver.of(true, " ")).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> DataLossWaiver.of(null, "why")).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("allowDataLoss"));
        assertThatThrownBy(() -> DataLossWaiver.of("yes", "why")).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("allowDataLoss"));
        assertThat(DataLossWaiver.of(false, null)).isEmpty();
        assertThat(DataLossWaiver.of(null, null)).isEmpty();
    }

    @Test
    void planSwitchover_whatever_neverAllowsDataLoss() {
        FailoverPlan plan = new FailOver(FailoverPolicy.defaults(), new InMemoryRunLedger(), clock)
                .planSwitchover("db", "primary", "standby", FailoverHistory.none());

        assertThat(plan.planned()).isTrue();
        assertThat(plan.allowDataLoss()).isFalse();
        assertThat(DataLossWaiver.recordedIn(plan)).isEmpty();
    }
}

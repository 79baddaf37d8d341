package com.silenttalk.automation.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.workflow.Advance;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverWorkflowTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final ScriptedDatabase db = new ScriptedDatabase();
    private final List<String> trafficSwitches = new ArrayList<>();
    private final TrafficRouter router = new TrafficRouter() {
        @Override
        public String switchTo(FailoverPlan plan) {
            trafficSwitches.add(plan.to());
            return "endpoint -> " + plan.to();
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    };
    private final FailoverWorkflow workflow = new FailoverWorkflow(db, CacheSwitcher.NONE, router, ledger, clock, Duration.ofMinutes(5));
    private final FailoverPlan plan = new FailoverPlan("db-gen1", "db", "primary", "standby", false, false, T0,
            T0.plusSeconds(1800), List.of("quorum met"));

    /** A database port whose answers the test scripts; it records calls. */
    static final class ScriptedDatabase implements DatabaseFailover {
        RuntimeException promoteFailure;
        boolean promotePending;
        boolean writable = true;
        final List<String> calls = new ArrayList<>();

        @Override
        public Progress<Long> fence(FailoverPlan plan) {
            calls.add("fence");
            return Progress.ready(0L);
        }

        @Override
        public Progress<String> promote(FailoverPlan plan) {
            calls.add("promote");
            if (promoteFailure != null) {
                throw promoteFailure;
            }
            return promotePending ? Progress.pending(Duration.ofSeconds(10), "promoting") : Progress.ready("promoted");
        }

        @Override
        public boolean isWritable(String node) {
            return writable;
        }

        @Override
        public void verifyWrites(String node) {
            calls.add("verify");
        }

        @Override
        public Progress<String> reprotect(FailoverPlan plan) {
            calls.add("reprotect");
            return Progress.ready("old primary streams from the new one");
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    }

    private FailoverState runToStop(FailoverState state) {
        for (int i = 0; i < 100; i++) {
            Advance<FailoverState> a = workflow.advance(state, clock.instant());
            state = a.state();
            if (a.isDone()) {
                return state;
            }
            clock.advance(a.nextCheckAfter().orElseThrow().plusSeconds(1));
        }
        throw new AssertionError("did not stop");
    }

    @Test
    void advance_whenEveryStepSucceeds_runsTheChainInOrderAndMeasuresTheRto() {
        FailoverState done = runToStop(FailoverState.begin(plan, T0));

        assertThat(done.step()).isEqualTo(FailoverStep.DONE);
        assertThat(db.calls).containsExactly("fence", "promote", "verify", "reprotect");
        assertThat(done.timings()).extracting(FailoverTiming::step).containsExactly(FailoverStep.FENCE, FailoverStep.PROMOTE,
                FailoverStep.SWITCH_CACHE, FailoverStep.SWITCH_TRAFFIC, FailoverStep.VERIFY_WRITES, FailoverStep.REPROTECT);
        assertThat(done.rto()).isNotNull();
        assertThat(trafficSwitches).containsExactly("standby");
        assertThat(ledger.find(FailoverWorkflow.runKey("db-gen1")).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void advance_whenTheChainCompletes_recordsTheGenerationAndTimeForTheNextGateAndLease() {
        assertThat(FailoverHistory.read(ledger, "db")).isEqualTo(FailoverHistory.none());

        FailoverState done = runToStop(FailoverState.begin(plan, T0));

        FailoverHistory history = FailoverHistory.read(ledger, "db");
        assertThat(history.generation()).isEqualTo(1);
        assertThat(history.lastFailoverAt()).isEqualTo(done.writableAt());
    }

    @Test
    void advance_whenTheChainHalts_leavesTheHistoryAlone() {
        db.promoteFailure = new IllegalStateException("replica not found");

        runToStop(FailoverState.begin(plan, T0));

        assertThat(FailoverHistory.read(ledger, "db")).isEqualTo(FailoverHistory.none());
    }

    @Test
    void advance_whenPromotionFails_haltsBeforeTrafficAndCanBeResumed() {
        db.promoteFailure = new IllegalStateException("replica not found");

        FailoverState halted = runToStop(FailoverState.begin(plan, T0));

        assertThat(halted.halted()).isTrue();
        assertThat(halted.step()).isEqualTo(FailoverStep.PROMOTE);
        assertThat(halted.failure()).contains("promote failed").contains("replica not found");
        assertThat(trafficSwitches).isEmpty();
        assertThat(ledger.find(FailoverWorkflow.runKey("db-gen1")).orElseThrow().outcome()).isEqualTo(Outcome.FAILED);

        db.promoteFailure = null;
        FailoverState resumed = runToStop(halted.resumed(clock.instant()));

        assertThat(resumed.step()).isEqualTo(FailoverStep.DONE);
        assertThat(trafficSwitches).containsExactly("standby");
    }

    @Test
    void advance_whenPromotionTimesOut_haltsWithTheReason() {
        db.promotePending = true;

        FailoverState halted = runToStop(FailoverState.begin(plan, T0));

        assertThat(halted.halted()).isTrue();
        assertThat(halted.failure()).contains("timed out");
        assertThat(trafficSwitches).isEmpty();
    }

    /** A cache that needs {@code pendingTurns} asks before its new primary is available. */
    private static CacheSwitcher slowCache(int pendingTurns, List<String> asked) {
        return new CacheSwitcher() {
            @Override
            public Progress<String> switchTo(FailoverPlan p) {
                asked.add(p.to());
                return asked.size() > pendingTurns ? Progress.ready("cache primary in " + p.to())
                        : Progress.pending(Duration.ofSeconds(30), "cache modifying");
            }

            @Override
            public List<String> requiredActions() {
                return List.of();
            }
        };
    }

    @Test
    void advance_whenTheCacheSwitchTakesSeveralTurns_waitsAsToldThenSwitchesTraffic() {
        List<String> asked = new ArrayList<>();
        FailoverWorkflow withCache = new FailoverWorkflow(db, slowCache(3, asked), router, ledger, clock, Duration.ofMinutes(5));
        FailoverState state = FailoverState.begin(plan, T0);
        List<Duration> waits = new ArrayList<>();
        Advance<FailoverState> a;
        do {
            a = withCache.advance(state, clock.instant());
            state = a.state();
            a.nextCheckAfter().filter(d -> !d.isZero()).ifPresent(waits::add);
            clock.advance(a.nextCheckAfter().orElse(Duration.ZERO));
        } while (!a.isDone());

        assertThat(state.step()).isEqualTo(FailoverStep.DONE);
        assertThat(asked).hasSize(4);
        assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(state.timings()).filteredOn(t -> t.step() == FailoverStep.SWITCH_CACHE).singleElement()
                .satisfies(t -> assertThat(t.detail()).isEqualTo("cache primary in standby"));
        assertThat(trafficSwitches).containsExactly("standby");
    }

    @Test
    void advance_whenTheCacheSwitchNeverFinishes_haltsBeforeTraffic() {
        FailoverWorkflow withCache = new FailoverWorkflow(db, slowCache(Integer.MAX_VALUE, new ArrayList<>()), router, ledger,
                clock, Duration.ofMinutes(5));
        FailoverState state = FailoverState.begin(plan, T0);
        Advance<FailoverState> a;
        do {
            a = withCache.advance(state, clock.instant());
            state = a.state();
            clock.advance(a.nextCheckAfter().orElse(Duration.ZERO));
        } while (!a.isDone());

        assertThat(state.halted()).isTrue();
        assertThat(state.step()).isEqualTo(FailoverStep.SWITCH_CACHE);
        assertThat(state.failure()).contains("cache switch timed out").contains("cache modifying");
        assertThat(trafficSwitches).isEmpty();
        assertThat(ledger.find(FailoverWorkflow.runKey("db-gen1")).orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void advance_whenTheTargetIsNotWritable_neverSwitchesTraffic() {
        db.writable = false;

        FailoverState halted = runToStop(FailoverState.begin(plan, T0));

        assertThat(halted.halted()).isTrue();
        assertThat(halted.step()).isEqualTo(FailoverStep.SWITCH_TRAFFIC);
        assertThat(halted.failure()).contains("does not accept writes");
        assertThat(trafficSwitches).isEmpty();
    }

    @Test
    void advance_onAnAbortedRun_doesNothing() {
        db.promoteFailure = new IllegalStateException("boom");
        FailoverState aborted = runToStop(FailoverState.begin(plan, T0)).abortedBy("operator aborted");
        int calls = db.calls.size();

        Advance<FailoverState> a = workflow.advance(aborted, clock.instant());

        assertThat(a.isDone()).isTrue();
        assertThat(db.calls).hasSize(calls);
    }
}

package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryRunLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z");
    private static final RunKey KEY = new RunKey("snapshot/chat/20261125t1800z");

    private final InMemoryRunLedger ledger = new InMemoryRunLedger();

    @Test
    void claim_whenKeyIsNew_returnsTrueAndStoresRecord() {
        assertThat(ledger.claim(AuditRecord.started(KEY, "snapshot", T0))).isTrue();

        assertThat(ledger.find(KEY)).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.STARTED);
            assertThat(r.startedAt()).isEqualTo(T0);
        });
    }

    @Test
    void claim_whenKeyExists_returnsFalseAndChangesNothing() {
        ledger.claim(AuditRecord.started(KEY, "snapshot", T0));
        ledger.update(AuditRecord.started(KEY, "snapshot", T0).finish(Outcome.SUCCEEDED, T0.plusSeconds(5), Map.of("a", "1")));

        boolean second = ledger.claim(AuditRecord.started(KEY, "snapshot", T0.plusSeconds(60)));

        assertThat(second).isFalse();
        assertThat(ledger.find(KEY).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(ledger.records()).hasSize(1);
    }

    @Test
    void update_whenNeverClaimed_throws() {
        AuditRecord unclaimed = AuditRecord.started(KEY, "snapshot", T0).finish(Outcome.SUCCEEDED, T0, Map.of());

        assertThatThrownBy(() -> ledger.update(unclaimed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(KEY.value());
        assertThat(ledger.find(KEY)).isEmpty();
    }

    @Test
    void find_whenUnknownKey_isEmpty() {
        assertThat(ledger.find(new RunKey("nothing"))).isEmpty();
    }

    @Test
    void claim_whenManyThreadsRace_exactlyOneWins() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Instant at = T0.plusSeconds(i);
                tasks.add(() -> {
                    go.await();
                    return ledger.claim(AuditRecord.started(KEY, "snapshot", at));
                });
            }
            List<Future<Boolean>> futures = new ArrayList<>();
            for (Callable<Boolean> task : tasks) {
                futures.add(pool.submit(task));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> f : futures) {
                if (f.get()) {
                    winners++;
                }
            }

            assertThat(winners).isEqualTo(1);
            assertThat(ledger.claimAttempts()).isEqualTo(threads);
            assertThat(ledger.writes()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}

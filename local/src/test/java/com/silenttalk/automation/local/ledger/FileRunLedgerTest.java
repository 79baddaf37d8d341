package com.silenttalk.automation.local.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

class FileRunLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void claim_whenFiftyDeliveriesRace_exactlyOneWins() throws Exception {
        FileRunLedger ledger = new FileRunLedger(dir);
        RunKey key = new RunKey("snapshot/silenttalk/20261125t1200z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<Boolean> claim = () -> {
                go.await();
                return new FileRunLedger(dir).claim(AuditRecord.started(key, "snapshot", T0));
            };
            results.add(pool.submit(claim));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> r : results) {
            winners += r.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        assertThat(ledger.find(key)).get().extracting(AuditRecord::outcome).isEqualTo(Outcome.STARTED);
    }

    @Test
    void update_afterClaim_isWhatFindReturns_andSurvivesANewInstance() {
        RunKey key = new RunKey("drill/x:1");
        new FileRunLedger(dir).claim(AuditRecord.started(key, "drill", T0));
        new FileRunLedger(dir).update(AuditRecord.started(key, "drill", T0)
                .finish(Outcome.SUCCEEDED, T0.plusSeconds(5), Map.of("rtoSeconds", "5")));

        AuditRecord r = new FileRunLedger(dir).find(key).orElseThrow();

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.details()).containsEntry("rtoSeconds", "5");
        assertThat(new FileRunLedger(dir).find(new RunKey("drill/other"))).isEmpty();
    }
}

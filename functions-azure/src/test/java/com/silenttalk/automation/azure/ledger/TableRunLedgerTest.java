package com.silenttalk.automation.azure.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Azurite.class)
class TableRunLedgerTest {
    static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");
    static final RunKey KEY = new RunKey("snapshot/orders/20260301t0600z");

    TableRunLedger ledger;

    @BeforeEach
    void table(Azurite.Accounts accounts) {
        TableClient table = TestAzure.clients().table(accounts.primary(), "ledger" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        table.createTable();
        ledger = new TableRunLedger(table);
    }

    @Test
    void claim_whenKeyIsNew_insertsAndWins() {
        assertThat(ledger.claim(AuditRecord.started(KEY, "snapshot", T0))).isTrue();
        assertThat(ledger.find(KEY)).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.STARTED);
            assertThat(r.startedAt()).isEqualTo(T0);
        });
    }

    @Test
    void claim_whenKeyWasClaimed_returnsFalseAndChangesNothing() {
        ledger.claim(AuditRecord.started(KEY, "snapshot", T0));
        ledger.update(AuditRecord.started(KEY, "snapshot", T0).finish(Outcome.SUCCEEDED, T0.plusSeconds(60),
                Map.of("snapshot", "st-auto-orders-20260301t0600z")));

        boolean second = ledger.claim(AuditRecord.started(KEY, "snapshot", T0.plusSeconds(90)));

        assertThat(second).isFalse();
        assertThat(ledger.find(KEY)).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.details()).containsEntry("snapshot", "st-auto-orders-20260301t0600z");
        });
    }

    @Test
    void claim_whenEightDeliveriesRace_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> ledger.claim(AuditRecord.started(KEY, "snapshot", T0)));
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(claims)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void find_whenDetailsHaveDottedNames_roundTripsThem() {
        ledger.claim(AuditRecord.started(new RunKey("drill/run-7"), "drill", T0));
        ledger.update(new AuditRecord(new RunKey("drill/run-7"), "drill", Outcome.FAILED, T0, T0.plusSeconds(5),
                Map.of("step.restore.millis", "1200", "failure", "verify failed")));

        assertThat(ledger.find(new RunKey("drill/run-7"))).hasValueSatisfying(r -> assertThat(r.details())
                .containsEntry("step.restore.millis", "1200").containsEntry("failure", "verify failed"));
        assertThat(ledger.find(new RunKey("drill/never"))).isEmpty();
    }

    @Test
    void claim_whenTableIsMissing_raisesInsteadOfClaiming(Azurite.Accounts accounts) {
        TableRunLedger missing = new TableRunLedger(TestAzure.clients().table(accounts.primary(), "nosuchtable"));

        assertThatThrownBy(() -> missing.claim(AuditRecord.started(KEY, "snapshot", T0)))
                .isInstanceOf(com.azure.data.tables.models.TableServiceException.class);
    }
}

package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core tests' ledger keeps the contract the real stores keep, so what core tests prove holds for them. */
class InMemoryRunLedgerTest extends RunLedgerContract {
    private final InMemoryRunLedger ledger = new InMemoryRunLedger();

    @Override
    protected RunLedger ledger() {
        return ledger;
    }

    @Override
    protected RunLedger sameStoreElsewhere() {
        return ledger;
    }

    @Test
    void writes_countOnlyWonClaimsAndUpdates_whileClaimAttemptsCountEveryCall() {
        RunKey key = new RunKey("snapshot/chat/20261125t1800z");
        ledger.claim(AuditRecord.started(key, "snapshot", T0));
        ledger.claim(AuditRecord.started(key, "snapshot", T0.plusSeconds(1)));
        ledger.update(AuditRecord.started(key, "snapshot", T0).finish(Outcome.SUCCEEDED, T0.plusSeconds(5), Map.of("a", "1")));

        assertThat(ledger.claimAttempts()).isEqualTo(2);
        assertThat(ledger.writes()).extracting(AuditRecord::outcome).containsExactly(Outcome.STARTED, Outcome.SUCCEEDED);
        assertThat(ledger.records("snapshot")).hasSize(1);
        assertThat(ledger.records("drill")).isEmpty();
    }
}

package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dry-run reads the real ledger and cannot write it. */
class ReadOnlyLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z");
    private static final RunKey KEY = new RunKey("snapshot/chat/20261125t1800z");

    private final InMemoryRunLedger real = new InMemoryRunLedger();

    @Test
    void find_whenTheRealLedgerHasTheRun_returnsItsRecord() {
        real.claim(AuditRecord.started(KEY, "snapshot", T0));

        assertThat(ReadOnlyLedger.over(real).find(KEY)).hasValueSatisfying(r -> assertThat(r.action()).isEqualTo("snapshot"));
    }

    @Test
    void claim_whenCalled_isRefusedAndTheRealLedgerIsUntouched() {
        RunLedger readOnly = ReadOnlyLedger.over(real);

        assertThatThrownBy(() -> readOnly.claim(AuditRecord.started(KEY, "snapshot", T0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dry-run").hasMessageContaining(KEY.toString());
        assertThat(real.claimAttempts()).isZero();
        assertThat(real.records()).isEmpty();
    }

    @Test
    void update_whenTheRunWasClaimedForReal_isRefusedAndTheRecordKeepsItsOutcome() {
        AuditRecord started = AuditRecord.started(KEY, "snapshot", T0);
        real.claim(started);

        assertThatThrownBy(() -> ReadOnlyLedger.over(real).update(started.finish(Outcome.SUCCEEDED, T0, Map.of())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(real.find(KEY)).hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.STARTED));
        assertThat(real.writes()).hasSize(1);
    }

    @Test
    void empty_whenAsked_findsNothingAndRefusesWrites() {
        assertThat(ReadOnlyLedger.empty().find(KEY)).isEmpty();
        assertThatThrownBy(() -> ReadOnlyLedger.empty().claim(AuditRecord.started(KEY, "snapshot", T0)))
                .isInstanceOf(IllegalStateException.class);
    }
}

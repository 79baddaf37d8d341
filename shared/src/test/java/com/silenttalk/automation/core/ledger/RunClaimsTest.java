package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.ledger.RunClaims.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunClaimsTest {
    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");
    private static final RunKey KEY = new RunKey("event/snapshot-scheduler/e-1");

    private final InMemoryRunLedger ledger = new InMemoryRunLedger();
    private final RunClaims claims = new RunClaims(ledger, Duration.ofMinutes(15));

    @Test
    void claim_whenTheKeyIsNew_acquiresAndWritesTheStartedRecord() {
        Claim claim = claims.claim(KEY, "snapshot-scheduler", T0);

        assertThat(claim.kind()).isEqualTo(Claim.Kind.ACQUIRED);
        assertThat(claim.acts()).isTrue();
        assertThat(ledger.find(KEY)).contains(AuditRecord.started(KEY, "snapshot-scheduler", T0));
    }

    @Test
    void claim_whenTheRunSucceeded_isDoneAndChangesNothing() {
        claims.claim(KEY, "f", T0);
        AuditRecord finished = AuditRecord.started(KEY, "f", T0).finish(Outcome.SUCCEEDED, T0.plusSeconds(5), Map.of("a", "b"));
        ledger.update(finished);

        Claim again = claims.claim(KEY, "f", T0.plus(Duration.ofDays(3)));

        assertThat(again.kind()).isEqualTo(Claim.Kind.DONE);
        assertThat(again.acts()).isFalse();
        assertThat(again.record()).isEqualTo(finished);
        assertThat(ledger.find(KEY)).contains(finished);
    }

    @Test
    void claim_whenTheRunIsInProgressWithinTheExpiry_isHeldAndChangesNothing() {
        claims.claim(KEY, "f", T0);

        Claim second = claims.claim(KEY, "f", T0.plus(Duration.ofMinutes(14)));

        assertThat(second.kind()).isEqualTo(Claim.Kind.HELD);
        assertThat(second.acts()).isFalse();
        assertThat(claims.held(KEY, T0.plus(Duration.ofMinutes(14)))).isTrue();
        assertThat(ledger.find(KEY)).contains(AuditRecord.started(KEY, "f", T0));
    }

    @Test
    void claim_whenTheWorkerWasSilentPastTheExpiry_resumesKeepingTheFirstStart() {
        claims.claim(KEY, "f", T0);
        Instant later = T0.plus(Duration.ofMinutes(15));

        Claim taken = claims.claim(KEY, "f", later);

        assertThat(taken.kind()).isEqualTo(Claim.Kind.RESUMED);
        assertThat(taken.acts()).isTrue();
        assertThat(claims.held(KEY, later)).isTrue();
        assertThat(ledger.find(KEY)).contains(new AuditRecord(KEY, "f", Outcome.STARTED, T0, later, Map.of("resumed", "true")));
    }

    @Test
    void claim_whenTheRunFailed_resumesAtOnce() {
        claims.claim(KEY, "f", T0);
        ledger.update(AuditRecord.started(KEY, "f", T0).finish(Outcome.FAILED, T0.plusSeconds(1), Map.of()));

        Claim retry = claims.claim(KEY, "f", T0.plusSeconds(2));

        assertThat(retry.kind()).isEqualTo(Claim.Kind.RESUMED);
        assertThat(retry.record().startedAt()).isEqualTo(T0);
    }

    @Test
    void claim_whenTheLeaseNeverExpires_holdsAStartedRunForever() {
        RunClaims lease = new RunClaims(ledger, RunClaims.NEVER_EXPIRES);
        lease.claim(KEY, "failover-lease", T0);

        assertThat(lease.claim(KEY, "failover-lease", T0.plus(Duration.ofDays(3650))).kind()).isEqualTo(Claim.Kind.HELD);
    }

    @Test
    void claim_whenTheExpiryIsZero_resumesAnyStartedRun() {
        RunClaims noLease = new RunClaims(ledger, Duration.ZERO);
        noLease.claim(KEY, "rotation.createSecret", T0);

        assertThat(noLease.claim(KEY, "rotation.createSecret", T0).kind()).isEqualTo(Claim.Kind.RESUMED);
    }

    @Test
    void runClaims_whenTheExpiryIsNegative_isRefused() {
        assertThatThrownBy(() -> new RunClaims(ledger, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inProgressExpiry");
    }
}

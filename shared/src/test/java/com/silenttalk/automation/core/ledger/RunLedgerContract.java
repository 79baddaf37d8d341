package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunLedger} promises, stated once and run against each adapter (the in-memory
 * ledger of the core tests, the file ledger, DynamoDB on dynalite, Table storage on azurite).
 * An adapter's own test extends this and adds only what is particular to its wire format.
 *
 * <p>The contract: a claim is a conditional create (one winner among any number of deliveries,
 * even from separate processes); a lost claim changes nothing; an update replaces the record of a
 * claimed run and is refused for a run never claimed; records come back exactly as written (any
 * outcome, instants to the nanosecond, details with dots and any text); any valid key (1-512
 * characters, slashes, colons, any letters) names its own run.
 */
public abstract class RunLedgerContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T06:00:05.123456789Z");

    /** The ledger under test, empty at the start of each test. */
    protected abstract RunLedger ledger();

    /**
     * Another handle on the same store, as a second Lambda container, Functions instance or opsctl
     * process would open it (its own client or instance). In-memory: the same ledger.
     */
    protected abstract RunLedger sameStoreElsewhere();

    private static RunKey key(String value) {
        return new RunKey(value);
    }

    @Test
    void claim_whenKeyIsNew_winsAndFindReturnsTheRecordAsWritten() {
        AuditRecord started = AuditRecord.started(key("snapshot/orders/20260301t0600z"), "snapshot", T0);

        assertThat(ledger().claim(started)).isTrue();

        assertThat(ledger().find(started.key())).contains(started);
        assertThat(sameStoreElsewhere().find(started.key())).contains(started);
    }

    @Test
    void claim_whenKeyWasClaimedAndFinished_losesAndChangesNothing() {
        RunKey key = key("copy/eu-west-1/st-auto-orders-20260301t0600z/eu-central-1");
        AuditRecord finished = AuditRecord.started(key, "copy", T0)
                .finish(Outcome.SUCCEEDED, T0.plusSeconds(9), Map.of("target", "eu-central-1"));
        ledger().claim(AuditRecord.started(key, "copy", T0));
        ledger().update(finished);

        boolean second = sameStoreElsewhere().claim(AuditRecord.started(key, "copy", T0.plusSeconds(60)));

        assertThat(second).isFalse();
        assertThat(ledger().find(key)).contains(finished);
    }

    @Test
    void claim_whenTheSameDeliveryComesTwice_onlyTheFirstWins() {
        AuditRecord started = AuditRecord.started(key("event/scheduler/5b2c7f1e-0d4f-4b0a-9a31-2f4c1d9e8a77"), "scheduler", T0);

        assertThat(ledger().claim(started)).isTrue();
        assertThat(ledger().claim(started)).isFalse();
        assertThat(sameStoreElsewhere().claim(started)).isFalse();
        assertThat(ledger().find(started.key())).contains(started);
    }

    @Test
    void claim_whenSixteenDeliveriesRaceFromTwoProcesses_exactlyOneWinsAndItsRecordStays() throws Exception {
        RunKey key = key("snapshot/chat/20260301t0600z");
        int racers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Instant>> claims = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                RunLedger handle = i % 2 == 0 ? ledger() : sameStoreElsewhere();
                Instant at = T0.plusSeconds(i);
                claims.add(() -> {
                    go.await();
                    return handle.claim(AuditRecord.started(key, "snapshot", at)) ? at : null;
                });
            }
            List<Future<Instant>> results = new ArrayList<>();
            for (Callable<Instant> claim : claims) {
                results.add(pool.submit(claim));
            }
            go.countDown();
            List<Instant> winners = new ArrayList<>();
            for (Future<Instant> result : results) {
                Instant won = result.get();
                if (won != null) {
                    winners.add(won);
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(ledger().find(key)).contains(AuditRecord.started(key, "snapshot", winners.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void update_afterClaim_replacesTheRecordSeenByEveryHandle() {
        RunKey key = key("drill/run-7");
        ledger().claim(AuditRecord.started(key, "drill", T0));
        AuditRecord failed = new AuditRecord(key, "drill", Outcome.FAILED, T0, T0.plusMillis(5_250),
                Map.of("step.restore.millis", "1200", "failure", "verify failed: row-counts"));

        sameStoreElsewhere().update(failed);

        assertThat(ledger().find(key)).contains(failed);
    }

    @Test
    void update_whenCalledAgain_theLastWriteWinsWhateverTheOutcome() {
        RunKey key = key("rotation/keyvault/db-password/0f3a");
        AuditRecord started = AuditRecord.started(key, "rotation.keyvault", T0);
        ledger().claim(started);
        ledger().update(started.finish(Outcome.FAILED, T0.plusSeconds(1), Map.of("error", "TargetUnreachableException")));
        // a resume writes STARTED again over a failure, then finishes
        AuditRecord resumed = new AuditRecord(key, started.action(), Outcome.STARTED, T0, T0.plusSeconds(600), Map.of("resumed", "true"));
        ledger().update(resumed);
        assertThat(ledger().find(key)).contains(resumed);

        AuditRecord done = resumed.finish(Outcome.SUCCEEDED, T0.plusSeconds(601), Map.of("user", "app_b"));
        ledger().update(done);

        assertThat(sameStoreElsewhere().find(key)).contains(done);
    }

    @Test
    void update_whenTheRunWasNeverClaimed_isRefusedNamingTheKeyAndStoresNothing() {
        RunKey key = key("prune/2026-03-01T06:00:05Z");
        AuditRecord unclaimed = AuditRecord.started(key, "prune", T0).finish(Outcome.SUCCEEDED, T0, Map.of());

        assertThatThrownBy(() -> ledger().update(unclaimed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.value());

        assertThat(ledger().find(key)).isEmpty();
        assertThat(ledger().claim(AuditRecord.started(key, "prune", T0))).isTrue();
    }

    @Test
    void find_whenKeyIsUnknown_isEmpty() {
        ledger().claim(AuditRecord.started(key("drill/run-1"), "drill", T0));

        assertThat(ledger().find(key("drill/never"))).isEmpty();
        assertThat(ledger().find(key("drill/run-1/"))).isEmpty();
    }

    @Test
    void claim_whenKeysDifferOnlyInCaseOrSeparator_eachIsItsOwnRun() {
        List<RunKey> keys = List.of(key("snapshot/orders/a"), key("snapshot/Orders/a"), key("snapshot/orders_a"),
                key("snapshot:orders/a"), key("snapshot/orders/a "), key("Snapshot/orders/a"));

        for (RunKey k : keys) {
            assertThat(ledger().claim(AuditRecord.started(k, "snapshot", T0))).as(k.value()).isTrue();
        }
        ledger().update(AuditRecord.started(keys.get(1), "snapshot", T0).finish(Outcome.SKIPPED, T0, Map.of()));

        for (RunKey k : keys) {
            Outcome expected = k.equals(keys.get(1)) ? Outcome.SKIPPED : Outcome.STARTED;
            assertThat(sameStoreElsewhere().find(k)).as(k.value()).get().extracting(AuditRecord::outcome).isEqualTo(expected);
        }
    }

    @Test
    void claim_whenKeyIsAsLongAsAllowedAndNotAscii_roundTrips() {
        // A key derived from a long secret id or path; RunKey allows 512 characters of any text.
        String prefix = "rotation/arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/silenttalk/дб-пароль-";
        RunKey longest = key(prefix + "x".repeat(512 - prefix.length()));
        RunKey sibling = key(prefix + "x".repeat(511 - prefix.length()) + "y");
        AuditRecord started = AuditRecord.started(longest, "rotation", T0);

        assertThat(ledger().claim(started)).isTrue();
        assertThat(ledger().claim(AuditRecord.started(longest, "rotation", T0))).isFalse();
        assertThat(ledger().claim(AuditRecord.started(sibling, "rotation", T0))).isTrue();

        assertThat(sameStoreElsewhere().find(longest)).contains(started);
    }

    @Test
    void update_whenDetailsAreManyAndHoldAnyText_roundTripsThemExactly() {
        RunKey key = key("drill/run-42");
        ledger().claim(AuditRecord.started(key, "drill", T0));
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            details.put("step.s" + i + ".millis", Long.toString(1_000L * i));
        }
        details.put("failure", "check \"row-counts\" failed:\nmessages 100000 ≠ 99998 (tab\there)");
        details.put("empty", "");
        details.put("with spaces and : colons", "value/with/slashes?&=#");
        AuditRecord finished = AuditRecord.started(key, "drill", T0).finish(Outcome.FAILED, T0.plusNanos(1), details);

        ledger().update(finished);

        assertThat(sameStoreElsewhere().find(key)).contains(finished);
    }
}

package com.silenttalk.automation.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ActiveOperations} promises, stated once and run against each reader of a run ledger (the
 * file ledger, Table storage on azurite, DynamoDB on dynalite), the records written by that runner's own ledger.
 *
 * <p>The contract: a run is active while its record's action is {@code drill} or {@code failover}, its outcome
 * is still STARTED and it started less than {@link ActiveOperations#STALE_AFTER} ago (a run that died must not
 * block scale-in for ever); every other record is ignored; each active run is named once by its run key, in key
 * order, so a decision's reason reads the same on every runner.
 */
public abstract class ActiveOperationsContract {
    protected static final Instant NOW = Instant.parse("2026-03-01T12:00:00.500Z");

    /** The runner's run ledger on an empty store. */
    protected abstract RunLedger ledger();

    /** The reader under test, on the same store. */
    protected abstract ActiveOperations operations();

    private void started(String key, String action, Instant at) {
        ledger().claim(AuditRecord.started(new RunKey(key), action, at));
    }

    private void finished(String key, String action, Outcome outcome) {
        AuditRecord started = AuditRecord.started(new RunKey(key), action, NOW.minusSeconds(600));
        ledger().claim(started);
        ledger().update(started.finish(outcome, NOW.minusSeconds(60), Map.of("reason", "done")));
    }

    @Test
    void running_whenTheLedgerIsEmpty_isEmpty() {
        assertThat(operations().running(NOW)).isEmpty();
    }

    @Test
    void running_whenADrillAndAFailoverAreStarted_namesBothByRunKey() {
        started("drill/run-42", "drill", NOW.minusSeconds(300));
        started("failover/plan-7", "failover", NOW.minusSeconds(30));

        assertThat(operations().running(NOW)).containsExactly("drill/run-42", "failover/plan-7");
    }

    @Test
    void running_whenTheRunsFinishedWhateverTheOutcome_isEmpty() {
        finished("drill/run-1", "drill", Outcome.SUCCEEDED);
        finished("drill/run-2", "drill", Outcome.FAILED);
        finished("drill/run-3", "drill", Outcome.ABANDONED);
        finished("failover/plan-1", "failover", Outcome.SUCCEEDED);
        finished("failover/plan-2", "failover", Outcome.SKIPPED);

        assertThat(operations().running(NOW)).isEmpty();
    }

    @Test
    void running_whenOtherActionsAreStarted_ignoresThem() {
        for (String action : new String[] {"snapshot", "copy", "prune", "census", "rotation", "scale", "alert",
                "failover-lease", "failover-history", "failover-signal", "drills", "Drill"}) {
            started(action + "/x", action, NOW.minusSeconds(60));
        }
        started("drill/run-9", "drill", NOW.minusSeconds(60));

        assertThat(operations().running(NOW)).containsExactly("drill/run-9");
    }

    @Test
    void running_whenARunStartedStaleAfterAgoOrEarlier_ignoresItAsDead() {
        Duration stale = ActiveOperations.STALE_AFTER;
        started("drill/died", "drill", NOW.minus(stale));
        started("drill/long-dead", "drill", NOW.minus(stale).minusSeconds(86_400));
        started("failover/still-going", "failover", NOW.minus(stale).plusMillis(1));

        assertThat(operations().running(NOW)).containsExactly("failover/still-going");
        assertThat(operations().running(NOW.minusMillis(1))).containsExactly("drill/died", "failover/still-going");
    }

    @Test
    void running_whenManyAreStartedInAnyOrder_namesEachOnceInKeyOrder() {
        // "run-~" sorts after "run-x" as text, but before it in the file ledger's base64 names
        String[] keys = {"failover/plan-3", "drill/run-~", "drill/run-10", "drill/run-2", "failover/plan-12", "drill/run-x",
                "drill/run-1", "drill/Run-7"};
        for (int i = 0; i < keys.length; i++) {
            started(keys[i], keys[i].substring(0, keys[i].indexOf('/')), NOW.minusSeconds(100 + i));
        }

        assertThat(operations().running(NOW))
                .containsExactly("drill/Run-7", "drill/run-1", "drill/run-10", "drill/run-2", "drill/run-x", "drill/run-~",
                        "failover/plan-12", "failover/plan-3");
    }
}

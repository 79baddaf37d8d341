package com.silenttalk.automation.core.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drills and failovers in progress, as the ledger records them ("drill/run-42"). Scaling in
 * while one runs would take capacity away from the thing being proven.
 */
public interface ActiveOperations {
    /**
     * A drill or failover record still STARTED after this long is a run that died: it must not
     * block scale-in for ever.
     */
    Duration STALE_AFTER = Duration.ofHours(12);

    List<String> running(Instant now);
}

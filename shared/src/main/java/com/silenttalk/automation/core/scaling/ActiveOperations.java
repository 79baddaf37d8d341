package com.silenttalk.automation.core.scaling;

import java.time.Instant;
import java.util.List;

/**
 * Drills and failovers in progress, as the ledger records them ("drill/run-42"). Scaling in
 * while one runs would take capacity away from the thing being proven.
 */
public interface ActiveOperations {
    List<String> running(Instant now);
}

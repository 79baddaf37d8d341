package com.silenttalk.automation.core.failover;

import java.time.Instant;

/**
 * What the gate must know of the past, read from the ledger.
 *
 * @param lastFailoverAt null when there has never been one
 * @param generation     completed failovers so far; the single-flight lease is keyed on it
 */
public record FailoverHistory(Instant lastFailoverAt, long generation) {
    public static FailoverHistory none() {
        return new FailoverHistory(null, 0);
    }
}

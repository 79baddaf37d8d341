package com.silenttalk.automation.core.ledger;

import java.time.Instant;

/**
 * A request rate shared by everything that calls one service in one account and region: the branches of a
 * fan-out, each in its own Lambda container, Functions instance or thread, draw their slots from one store.
 * Adapters: DynamoDB (one item per bucket, conditional updates), a file per bucket (opsctl, across processes),
 * in memory (tests).
 *
 * <p>A reservation, not a try: every call gets a slot, now or later, so waiting callers never poll the store.
 * Slots of one bucket are distinct and at least the rate's interval apart, whichever handle reserved them.
 */
public interface RequestBudget {
    /**
     * Reserves the bucket's next slot for a request the caller wants to send at {@code now}; returns when it may
     * be sent (never before {@code now}). A slot the caller does not use is lost, not given back.
     */
    Instant reserve(RequestBucket bucket, Instant now);
}

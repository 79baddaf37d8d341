package com.silenttalk.automation.core.ledger;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link RequestBudget} held in memory, for core tests and simulations; thread-safe (every reservation locks it). */
public final class InMemoryRequestBudget implements RequestBudget {
    private final RequestRate rate;
    private final Map<RequestBucket, Instant> nextFree = new HashMap<>();
    private long reservations;

    public InMemoryRequestBudget(RequestRate rate) {
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    @Override
    public synchronized Instant reserve(RequestBucket bucket, Instant now) {
        RequestRate.Reservation reservation = rate.reserve(Optional.ofNullable(nextFree.get(bucket)), now);
        nextFree.put(bucket, reservation.nextFree());
        reservations++;
        return reservation.slot();
    }

    public synchronized long reservations() {
        return reservations;
    }
}

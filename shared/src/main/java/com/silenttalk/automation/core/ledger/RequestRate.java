package com.silenttalk.automation.core.ledger;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A request rate kept by spacing: consecutive slots of a bucket are at least {@link #interval()} apart, so any
 * one second holds at most {@code perSecond} of them (the interval is rounded up to the nanosecond, never down).
 * There is no burst: the bucket never saves up slots while idle, which is what keeps every one-second window,
 * not only the average, under the limit.
 */
public record RequestRate(int perSecond) {
    /**
     * RDS allows 12 requests/s sustained per account and region (and a burst of 300 the rate here never uses);
     * 10 leaves two for the spread between a slot and the request's arrival at RDS (a pause between the
     * permit and the socket) and for anyone else using the account's API (the console, the CLI).
     */
    public static final RequestRate RDS = new RequestRate(10);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public RequestRate {
        if (perSecond < 1 || perSecond > 1000) {
            throw new InvalidFieldException("requestRate.perSecond", "must be 1-1000, was " + perSecond);
        }
    }

    public Duration interval() {
        return Duration.ofNanos((NANOS_PER_SECOND + perSecond - 1) / perSecond);
    }

    /**
     * The reservation a request made at {@code now} gets, given the bucket's next free slot (empty: never used):
     * the later of the two, and the bucket's next free slot one interval after it.
     */
    public Reservation reserve(Optional<Instant> nextFree, Instant now) {
        Instant slot = nextFree.filter(next -> next.isAfter(now)).orElse(now);
        return new Reservation(slot, slot.plus(interval()));
    }

    /** A reserved slot and what the bucket's next free slot becomes. */
    public record Reservation(Instant slot, Instant nextFree) {
        public Reservation {
            if (slot == null || nextFree == null || !nextFree.isAfter(slot)) {
                throw new IllegalArgumentException("a reservation's next free slot comes after its slot");
            }
        }
    }
}

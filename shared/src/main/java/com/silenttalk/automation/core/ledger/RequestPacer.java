package com.silenttalk.automation.core.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Makes a caller wait for its slot in a {@link RequestBudget}: what runs before every request to a throttled API.
 * A caller that wakes more than one interval after its slot (a stalled process, a descheduled thread) does not send
 * late: sending then would bunch it with the callers whose slots come after, and the service counts arrivals, not
 * slots. It gives the slot up and reserves another, so every request leaves within one interval of its own slot.
 */
public final class RequestPacer {
    /** How the caller waits; tests and simulations pass one that advances their own clock. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }

    /** Slots a caller may miss in a row before it sends anyway (the SDK's retries then handle a throttle). */
    static final int MAX_MISSED_SLOTS = 8;

    private final RequestBudget budget;
    private final Duration lateness;
    private final Clock clock;
    private final Sleeper sleeper;

    /** @param rate the budget's rate: a caller later than one of its intervals after its slot reserves again */
    public RequestPacer(RequestBudget budget, RequestRate rate, Clock clock, Sleeper sleeper) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.lateness = Objects.requireNonNull(rate, "rate").interval();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Reserves a slot and sleeps until it (again if it woke too late); returns how long the caller waited in all. */
    public Duration awaitSlot(RequestBucket bucket) {
        Instant start = clock.instant();
        for (int missed = 0; ; missed++) {
            Instant slot = budget.reserve(bucket, clock.instant());
            Duration wait = Duration.between(clock.instant(), slot);
            if (!wait.isNegative() && !wait.isZero()) {
                sleep(bucket, wait);
            }
            Instant now = clock.instant();
            if (!now.isAfter(slot.plus(lateness)) || missed + 1 >= MAX_MISSED_SLOTS) {
                return Duration.between(start, now);
            }
        }
    }

    private void sleep(RequestBucket bucket, Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a request slot of " + bucket, e);
        }
    }
}

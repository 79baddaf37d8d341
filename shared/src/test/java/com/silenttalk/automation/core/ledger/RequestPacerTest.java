package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPacerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");
    private static final RequestRate TEN = new RequestRate(10);
    private static final RequestBucket BUCKET = RequestBucket.rds("123456789012", "eu-west-1");

    /** A clock the sleeper moves: the pacer's waits become the simulated time. */
    private static final class SteppedTime {
        Instant now = T0;
        final List<Duration> slept = new ArrayList<>();

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }

        void sleep(Duration d) {
            slept.add(d);
            now = now.plus(d);
        }
    }

    @Test
    void awaitSlot_whenBucketIsIdle_doesNotSleep() {
        SteppedTime time = new SteppedTime();
        RequestPacer pacer = new RequestPacer(new InMemoryRequestBudget(TEN), TEN, time.clock(), time::sleep);

        assertThat(pacer.awaitSlot(BUCKET)).isZero();
        assertThat(time.slept).isEmpty();
    }

    @Test
    void awaitSlot_whenAnotherCallerHoldsTheNextSlots_sleepsUntilItsOwn() {
        SteppedTime time = new SteppedTime();
        InMemoryRequestBudget shared = new InMemoryRequestBudget(TEN);
        shared.reserve(BUCKET, T0);
        shared.reserve(BUCKET, T0);
        RequestPacer pacer = new RequestPacer(shared, TEN, time.clock(), time::sleep);

        assertThat(pacer.awaitSlot(BUCKET)).isEqualTo(Duration.ofMillis(200));
        assertThat(time.now).isEqualTo(T0.plusMillis(200));
        assertThat(pacer.awaitSlot(BUCKET)).isEqualTo(Duration.ofMillis(100));
        assertThat(time.slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(100));
    }

    @Test
    void awaitSlot_whenTheCallerWakesMoreThanAnIntervalAfterItsSlot_givesItUpAndTakesAFreshOne() {
        SteppedTime time = new SteppedTime();
        InMemoryRequestBudget shared = new InMemoryRequestBudget(TEN);
        shared.reserve(BUCKET, T0);
        shared.reserve(BUCKET, T0);
        // the first sleep overruns by half a second (a stalled process); the missed slot must not be used late
        RequestPacer pacer = new RequestPacer(shared, TEN, time.clock(), d -> time.sleep(time.slept.isEmpty() ? d.plusMillis(500) : d));

        Duration waited = pacer.awaitSlot(BUCKET);

        assertThat(waited).isEqualTo(Duration.ofMillis(700));
        assertThat(shared.reservations()).isEqualTo(4);
        // the fresh slot is the caller's own now, and the next caller queues behind it, not behind the missed one
        assertThat(shared.reserve(BUCKET, time.now)).isEqualTo(T0.plusMillis(800));
    }

    @Test
    void awaitSlot_whenWakingWithinOneIntervalOfTheSlot_sendsWithoutReservingAgain() {
        SteppedTime time = new SteppedTime();
        InMemoryRequestBudget shared = new InMemoryRequestBudget(TEN);
        shared.reserve(BUCKET, T0);
        RequestPacer pacer = new RequestPacer(shared, TEN, time.clock(), d -> time.sleep(d.plusMillis(100)));

        assertThat(pacer.awaitSlot(BUCKET)).isEqualTo(Duration.ofMillis(200));
        assertThat(shared.reservations()).isEqualTo(2);
    }
}

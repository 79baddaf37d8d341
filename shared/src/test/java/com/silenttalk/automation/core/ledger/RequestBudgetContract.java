package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RequestBudget} promises, stated once and run against each adapter (in memory, the file
 * budget, DynamoDB on dynalite). An adapter's test extends this and builds its budget with {@link #RATE}.
 *
 * <p>The contract: slots of one bucket are distinct, never before the caller's now, at least one interval
 * apart whichever handle reserved them (even racing from many threads and two processes), so no one-second
 * window holds more than the rate; an idle bucket saves nothing up; buckets are independent; instants keep
 * their nanoseconds.
 */
public abstract class RequestBudgetContract {
    protected static final RequestRate RATE = new RequestRate(12);
    protected static final Instant T0 = Instant.parse("2026-03-01T06:00:00.123456789Z");
    private static final Duration I = RATE.interval();
    private static final RequestBucket ORDERS = RequestBucket.rds("123456789012", "eu-west-1");

    /** The budget under test, empty at the start of each test, built with {@link #RATE}. */
    protected abstract RequestBudget budget();

    /** Another handle on the same store, as a second container or process would open it (in memory: the same). */
    protected abstract RequestBudget sameStoreElsewhere();

    @Test
    void reserve_whenBucketIsNew_grantsTheCallersNow() {
        assertThat(budget().reserve(ORDERS, T0)).isEqualTo(T0);
    }

    @Test
    void reserve_whenCalledAgainAtTheSameInstant_grantsOneIntervalLaterEachTime() {
        budget().reserve(ORDERS, T0);

        assertThat(budget().reserve(ORDERS, T0)).isEqualTo(T0.plus(I));
        assertThat(budget().reserve(ORDERS, T0.plusMillis(1))).isEqualTo(T0.plus(I.multipliedBy(2)));
        assertThat(I).isEqualTo(Duration.ofNanos(83_333_334));
    }

    @Test
    void reserve_whenBucketWasIdle_grantsNowAndSavesNothingUp() {
        budget().reserve(ORDERS, T0);
        Instant later = T0.plusSeconds(30);

        assertThat(budget().reserve(ORDERS, later)).isEqualTo(later);
        assertThat(budget().reserve(ORDERS, later)).isEqualTo(later.plus(I));
    }

    @Test
    void reserve_whenTwoHandlesShareTheStore_eachWaitsBehindTheOthersSlots() {
        assertThat(budget().reserve(ORDERS, T0)).isEqualTo(T0);
        assertThat(sameStoreElsewhere().reserve(ORDERS, T0)).isEqualTo(T0.plus(I));
        assertThat(budget().reserve(ORDERS, T0)).isEqualTo(T0.plus(I.multipliedBy(2)));
    }

    @Test
    void reserve_whenBucketsDifferInServiceAccountOrRegion_eachHasItsOwnSlots() {
        List<RequestBucket> buckets = List.of(ORDERS, RequestBucket.rds("210987654321", "eu-west-1"),
                RequestBucket.rds("123456789012", "eu-central-1"), new RequestBucket("route53", "123456789012", "eu-west-1"));
        for (RequestBucket bucket : buckets) {
            assertThat(budget().reserve(bucket, T0)).as(bucket.value()).isEqualTo(T0);
        }
        assertThat(sameStoreElsewhere().reserve(ORDERS, T0)).isEqualTo(T0.plus(I));
    }

    @Test
    void reserve_whenTheCallersClockLagsTheStore_isStillBehindTheLastSlot() {
        Instant ahead = T0.plusSeconds(5);
        budget().reserve(ORDERS, ahead);

        assertThat(sameStoreElsewhere().reserve(ORDERS, T0)).isEqualTo(ahead.plus(I));
    }

    @Test
    void reserve_whenFiftyBranchesRaceOnTwoHandles_slotsAreDistinctSpacedAndNoSecondHoldsMoreThanTheRate() throws Exception {
        int branches = 50;
        int requestsEach = 3;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Instant>>> results = new ArrayList<>();
            for (int b = 0; b < branches; b++) {
                RequestBudget handle = b % 2 == 0 ? budget() : sameStoreElsewhere();
                Callable<List<Instant>> branch = () -> {
                    go.await();
                    List<Instant> slots = new ArrayList<>();
                    for (int r = 0; r < requestsEach; r++) {
                        slots.add(handle.reserve(ORDERS, T0));
                    }
                    return slots;
                };
                results.add(pool.submit(branch));
            }
            go.countDown();
            List<Instant> slots = new ArrayList<>();
            for (Future<List<Instant>> result : results) {
                slots.addAll(result.get());
            }
            slots.sort(null);

            assertThat(slots).hasSize(branches * requestsEach).doesNotHaveDuplicates();
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as("gap before slot %d", i).isGreaterThanOrEqualTo(I);
            }
            Map<Long, Integer> perSecond = new TreeMap<>();
            slots.forEach(s -> perSecond.merge(s.getEpochSecond(), 1, Integer::sum));
            assertThat(perSecond.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(RATE.perSecond()));
            // every caller asked at T0: the slots are packed, none is wasted or pushed further out
            assertThat(slots.get(0)).isEqualTo(T0);
            assertThat(slots.get(slots.size() - 1)).isEqualTo(T0.plus(I.multipliedBy(slots.size() - 1L)));
        } finally {
            pool.shutdownNow();
        }
    }
}

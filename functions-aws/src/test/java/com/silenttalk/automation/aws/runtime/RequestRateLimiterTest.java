package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
    /** A clock that only moves when the limiter sleeps. */
    static class FakeTicker implements RequestRateLimiter.Ticker {
        long now = 1_000_000_000L;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now += duration.toNanos();
        }
    }

    @Test
    void acquire_whenCalledInABurst_neverExceedsTwelvePerSecond() {
        FakeTicker ticker = new FakeTicker();
        RequestRateLimiter limiter = new RequestRateLimiter(12, ticker);
        long start = ticker.nanoTime();
        List<Long> grantedAt = new ArrayList<>();

        for (int i = 0; i < 60; i++) {
            limiter.acquire();
            grantedAt.add(ticker.nanoTime() - start);
        }

        for (int i = 12; i < grantedAt.size(); i++) {
            // any 13 consecutive permits span at least one second
            assertThat(grantedAt.get(i) - grantedAt.get(i - 12)).isGreaterThanOrEqualTo(999_999_000L);
        }
        assertThat(limiter.granted()).isEqualTo(60);
    }

    @Test
    void acquire_whenQuiet_grantsAFullSecondsWorthAtOnceThenWaitsForTheOldestToAge() {
        FakeTicker ticker = new FakeTicker();
        RequestRateLimiter limiter = new RequestRateLimiter(12, ticker);

        for (int i = 0; i < 12; i++) {
            assertThat(limiter.acquire()).isZero();
        }
        ticker.now += Duration.ofMillis(400).toNanos();
        assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void acquire_afterAQuietPeriod_doesNotBankMoreThanOneSecondsWorth() {
        FakeTicker ticker = new FakeTicker();
        RequestRateLimiter limiter = new RequestRateLimiter(3, ticker);
        limiter.acquire();
        ticker.now += Duration.ofMinutes(5).toNanos();

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire()).isZero();
        }
        assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void acquire_fromManyThreads_neverGrantsMoreThanTheLimitInAnySecond() throws Exception {
        FakeTicker ticker = new FakeTicker() {
            @Override
            public synchronized long nanoTime() {
                return now;
            }

            @Override
            public synchronized void sleep(Duration duration) {
                sleeps.add(duration);
            }
        };
        RequestRateLimiter limiter = new RequestRateLimiter(12, ticker);
        List<Long> grantedAt = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        for (int i = 0; i < 48; i++) {
            pool.submit(() -> grantedAt.add(ticker.nanoTime() + limiter.acquire().toNanos()));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        List<Long> sorted = grantedAt.stream().sorted().toList();
        assertThat(sorted).hasSize(48);
        for (int i = 12; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 12)).isGreaterThanOrEqualTo(1_000_000_000L);
        }
    }
}

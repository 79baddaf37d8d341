package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
    /** A clock that only moves when the limiter sleeps. */
    static final class FakeTicker implements RequestRateLimiter.Ticker {
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
        RequestRateLimiter limiter = new RequestRateLimiter(12, 1, ticker);
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
    void acquire_afterAQuietPeriod_doesNotBankMoreThanTheBurst() {
        FakeTicker ticker = new FakeTicker();
        RequestRateLimiter limiter = new RequestRateLimiter(12, 3, ticker);
        ticker.now += Duration.ofMinutes(5).toNanos();

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire()).isZero();
        }
        assertThat(limiter.acquire()).isPositive();
    }
}

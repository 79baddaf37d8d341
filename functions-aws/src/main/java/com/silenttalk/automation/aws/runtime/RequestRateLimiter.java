package com.silenttalk.automation.aws.runtime;

import java.time.Duration;

/**
 * A client-side token bucket shared by every request a container sends to one service:
 * RDS allows 12 requests/s sustained per account and region, and retries count too.
 * Thread-safe; blocks the caller until a permit is free.
 */
public final class RequestRateLimiter {
    /** Time source and sleep, injectable so tests need no real waiting. */
    public interface Ticker {
        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            }
        };
    }

    private final long intervalNanos;
    private final long burst;
    private final Ticker ticker;
    private long nextFree;
    private long granted;

    /**
     * @param perSecond sustained rate
     * @param burst     permits available at once after a quiet period (1 = strictly paced)
     */
    public RequestRateLimiter(double perSecond, int burst, Ticker ticker) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond must be positive and burst at least 1");
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.burst = burst;
        this.ticker = ticker;
        this.nextFree = ticker.nanoTime() - intervalNanos * (burst - 1L);
    }

    public static RequestRateLimiter forRds() {
        return new RequestRateLimiter(12, 1, Ticker.SYSTEM);
    }

    /** Waits for a permit; returns the time waited. */
    public Duration acquire() {
        long wait;
        synchronized (this) {
            long now = ticker.nanoTime();
            long earliest = now - intervalNanos * (burst - 1);
            if (nextFree < earliest) {
                nextFree = earliest;
            }
            wait = Math.max(0, nextFree - now);
            nextFree += intervalNanos;
            granted++;
        }
        if (wait > 0) {
            try {
                ticker.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an RDS request permit", e);
            }
        }
        return Duration.ofNanos(wait);
    }

    public synchronized long granted() {
        return granted;
    }
}

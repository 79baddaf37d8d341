package com.silenttalk.automation.aws.runtime;

import java.time.Duration;

/**
 * A client-side limit shared by every request a container sends to one service: at most {@code perSecond}
 * permits in any one-second window (RDS: 12 requests/s per account and region; retries count too). A quiet
 * client may send up to that many at once, so a short invocation is not paced; a busy one waits until the
 * oldest of its last {@code perSecond} permits is a second old. Thread-safe; blocks the caller until a
 * permit is free.
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

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Ticker ticker;
    /** The times of the last permits granted (some may lie ahead: callers still waiting), oldest at {@code head}. */
    private final long[] recent;
    private int head;
    private int held;
    private long granted;

    public RequestRateLimiter(int perSecond, Ticker ticker) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.recent = new long[perSecond];
        this.ticker = ticker;
    }

    public static RequestRateLimiter forRds() {
        return new RequestRateLimiter(12, Ticker.SYSTEM);
    }

    /** Waits for a permit; returns the time waited. */
    public Duration acquire() {
        long wait;
        synchronized (this) {
            long now = ticker.nanoTime();
            long at = now;
            if (held == recent.length) {
                // grants are handed out in time order, so the oldest of the window is at head
                at = Math.max(now, recent[head] + WINDOW_NANOS);
                head = (head + 1) % recent.length;
                held--;
            }
            recent[(head + held) % recent.length] = at;
            held++;
            wait = at - now;
            granted++;
        }
        if (wait > 0) {
            try {
                ticker.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a request permit", e);
            }
        }
        return Duration.ofNanos(wait);
    }

    public synchronized long granted() {
        return granted;
    }
}

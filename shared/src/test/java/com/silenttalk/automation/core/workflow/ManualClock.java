package com.silenttalk.automation.core.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it: {@link #set} or {@link #advance}.
 * For code that reads the time more than once per call (a step's start and its end).
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    public ManualClock set(Instant instant) {
        this.now = Objects.requireNonNull(instant, "instant");
        return this;
    }

    public ManualClock advance(Duration by) {
        this.now = now.plus(by);
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("ManualClock is UTC only");
        }
        return this;
    }
}

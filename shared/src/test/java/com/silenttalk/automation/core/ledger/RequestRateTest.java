package com.silenttalk.automation.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RequestRateTest {
    private static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");

    @Test
    void interval_whenTheSecondDoesNotDivideEvenly_isRoundedUpSoTheRateIsNeverExceeded() {
        assertThat(new RequestRate(12).interval()).isEqualTo(Duration.ofNanos(83_333_334));
        assertThat(new RequestRate(10).interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(new RequestRate(12).interval().multipliedBy(12)).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void reserve_whenNextFreeIsPast_grantsNow() {
        RequestRate.Reservation r = new RequestRate(10).reserve(Optional.of(T0.minusSeconds(1)), T0);

        assertThat(r.slot()).isEqualTo(T0);
        assertThat(r.nextFree()).isEqualTo(T0.plusMillis(100));
    }

    @Test
    void reserve_whenNextFreeIsAhead_grantsIt() {
        RequestRate.Reservation r = new RequestRate(10).reserve(Optional.of(T0.plusSeconds(3)), T0);

        assertThat(r.slot()).isEqualTo(T0.plusSeconds(3));
        assertThat(r.nextFree()).isEqualTo(T0.plusSeconds(3).plusMillis(100));
    }

    @Test
    void constructor_whenRateIsOutOfRange_namesTheField() {
        assertThatThrownBy(() -> new RequestRate(0)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("requestRate.perSecond");
        assertThatThrownBy(() -> new RequestRate(1001)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void requestBucket_whenAPartIsBlankOrHasASlash_namesTheField() {
        assertThatThrownBy(() -> RequestBucket.rds("", "eu-west-1")).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("requestBucket.account");
        assertThatThrownBy(() -> RequestBucket.rds("1234/5678", "eu-west-1")).hasMessageStartingWith("requestBucket.account");
        assertThatThrownBy(() -> new RequestBucket("rds", "123456789012", null)).hasMessageStartingWith("requestBucket.region");
        assertThat(RequestBucket.rds("123456789012", "eu-west-1").value()).isEqualTo("rds/123456789012/eu-west-1");
    }

    /**
     * Whatever order and spread the requests come in, no one-second window (sliding, half-open like a calendar second)
     * holds more than the rate: slot i and slot i + rate are at least a second apart.
     */
    @Property(tries = 300)
    void reserve_forAnyArrivals_noSlidingSecondHoldsMoreThanTheRate(@ForAll @IntRange(min = 1, max = 20) int perSecond,
            @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 20_000) Long> arrivalMillis) {
        RequestRate rate = new RequestRate(perSecond);
        Optional<Instant> nextFree = Optional.empty();
        List<Instant> slots = new ArrayList<>();
        for (long at : arrivalMillis) {
            Instant now = T0.plusMillis(at);
            RequestRate.Reservation r = rate.reserve(nextFree, now);
            assertThat(r.slot()).isAfterOrEqualTo(now);
            slots.add(r.slot());
            nextFree = Optional.of(r.nextFree());
        }
        slots.sort(null);
        for (int i = 0; i + perSecond < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i), slots.get(i + perSecond))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}

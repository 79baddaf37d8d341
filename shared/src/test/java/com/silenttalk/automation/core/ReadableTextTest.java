package com.silenttalk.automation.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What people read in reports and on the status page: {@link DurationText#readable} and {@link InstantText#utc}. */
class ReadableTextTest {
    @Test
    void readable_whenUnderAMinute_givesSecondsWithOneDecimal() {
        assertThat(DurationText.readable(Duration.parse("PT2.208284505S"))).isEqualTo("2.2 s");
        assertThat(DurationText.readable(Duration.ofMillis(400))).isEqualTo("0.4 s");
        assertThat(DurationText.readable(Duration.ofMillis(59_949))).isEqualTo("59.9 s");
    }

    @Test
    void readable_whenLonger_givesTwoUnitsAtMostAndDropsAZeroMinor() {
        assertThat(DurationText.readable(Duration.ofSeconds(184))).isEqualTo("3 min 4 s");
        assertThat(DurationText.readable(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(DurationText.readable(Duration.ofMinutes(125).plusSeconds(59))).isEqualTo("2 h 5 min");
        assertThat(DurationText.readable(Duration.ofHours(6))).isEqualTo("6 h");
        assertThat(DurationText.readable(Duration.ofHours(76))).isEqualTo("3 d 4 h");
        assertThat(DurationText.readable(Duration.ofDays(35))).isEqualTo("35 d");
    }

    @Test
    void readable_whenNegativeOrNull_saysSo() {
        assertThat(DurationText.readable(Duration.ofSeconds(-90))).isEqualTo("-1 min 30 s");
        assertThat(DurationText.readable(null)).isEqualTo("-");
    }

    @Test
    void utc_always_givesTheSecondAndTheZoneWithoutFractions() {
        assertThat(InstantText.utc(Instant.parse("2026-12-07T03:04:05.987654321Z"))).isEqualTo("2026-12-07 03:04:05 UTC");
        assertThat(InstantText.utc(null)).isEqualTo("-");
    }
}

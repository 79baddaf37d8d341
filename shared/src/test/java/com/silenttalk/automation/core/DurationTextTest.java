package com.silenttalk.automation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999d", "9223372036854775807s", "9223372036854775807d", "106752d",
            "36501d", "PT9999999999H", "-99999999999999999999d"})
    void parse_whenTheNumberOverflowsOrIsAbsurd_namesTheFieldAndTheLimit(String text) {
        assertThatThrownBy(() -> DurationText.parse("backup.retention", text))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("backup.retention");
                    assertThat(e.problem()).containsAnyOf("must be at most 36500d", "must be positive", "cannot parse");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"36500d", "876000h", "30d", "PT6H", "90s"})
    void parse_whenWithinTheLimit_accepts(String text) {
        assertThat(DurationText.parse("backup.retention", text)).isPositive().isLessThanOrEqualTo(Duration.ofDays(36_500));
    }
}

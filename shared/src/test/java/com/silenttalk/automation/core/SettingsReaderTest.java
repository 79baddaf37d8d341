package com.silenttalk.automation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
    static final SettingsReader EMPTY = new SettingsReader(Map.of("BLANK", "  "));

    @Test
    void required_whenSet_isTrimmed() {
        assertThat(new SettingsReader(Map.of("ST_X", "  value ")).required("ST_X")).isEqualTo("value");
    }

    @Test
    void required_whenAbsentOrBlank_namesTheSetting() {
        assertThatThrownBy(() -> EMPTY.required("ST_X")).isInstanceOf(InvalidFieldException.class).hasMessage("ST_X: is not set");
        assertThatThrownBy(() -> EMPTY.required("BLANK")).hasMessage("BLANK: is not set");
    }

    @Test
    void required_whenTheRunnerSaysWhereSettingsLive_saysItToo() {
        SettingsReader azure = new SettingsReader(Map.of(), "is not set in the function app's application settings");

        assertThatThrownBy(() -> azure.required("ST_DATABASES"))
                .hasMessage("ST_DATABASES: is not set in the function app's application settings");
    }

    @Test
    void optionalAndOrDefault_whenAbsentOrBlank_differAsTheyShould() {
        assertThat(EMPTY.optional("BLANK")).isEmpty();
        assertThat(EMPTY.optional("ST_X")).isEmpty();
        assertThat(new SettingsReader(Map.of("ST_X", " k ")).optional("ST_X")).isEqualTo(Optional.of(" k "));
        assertThat(EMPTY.orDefault("BLANK", "fallback")).isEqualTo("  ");
        assertThat(EMPTY.orDefault("ST_X", "fallback")).isEqualTo("fallback");
    }

    @Test
    void positiveInt_whenAbsentOrBlank_isTheFallback() {
        assertThat(EMPTY.positiveInt("ST_X", 6)).isEqualTo(6);
        assertThat(EMPTY.positiveInt("BLANK", 6)).isEqualTo(6);
        assertThat(new SettingsReader(Map.of("ST_X", " 12 ")).positiveInt("ST_X", 6)).isEqualTo(12);
    }

    @Test
    void positiveInt_whenZeroOrNotANumber_namesTheSettingAndQuotesTheValue() {
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "0")).positiveInt("ST_X", 6))
                .hasMessage("ST_X: must be a positive whole number, got '0'");
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "six\u202E")).positiveInt("ST_X", 6))
                .hasMessage("ST_X: must be a positive whole number, got 'six\\u202E'");
    }

    @Test
    void wholeNumber_whenNegative_isReturnedForTheRecordToJudge() {
        assertThat(new SettingsReader(Map.of("ST_X", "-3")).wholeNumber("ST_X", 1)).isEqualTo(-3);
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "1.5")).wholeNumber("ST_X", 1))
                .hasMessage("ST_X: must be a whole number, got '1.5'");
    }

    @Test
    void nonNegativeLong_whenNegative_namesTheUnit() {
        assertThat(new SettingsReader(Map.of("ST_X", "0")).nonNegativeLong("ST_X", 100, "rows")).isZero();
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "-1")).nonNegativeLong("ST_X", 100, "rows"))
                .hasMessage("ST_X: must be a whole number of rows, 0 or more, got '-1'");
    }

    @Test
    void percentAsFraction_whenInRange_isAFractionAndTheFallbackIsKeptExactly() {
        assertThat(new SettingsReader(Map.of("ST_X", "12.5")).percentAsFraction("ST_X", 0.07)).isEqualTo(0.125);
        assertThat(EMPTY.percentAsFraction("ST_X", 0.07)).isEqualTo(0.07);
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "101")).percentAsFraction("ST_X", 0.01))
                .hasMessage("ST_X: must be a percentage between 0 and 100, got '101'");
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "NaN")).percentAsFraction("ST_X", 0.01))
                .hasMessage("ST_X: must be a percentage between 0 and 100, got 'NaN'");
    }

    @Test
    void bool_whenAnyCase_reads_andOtherwiseNamesTheSetting() {
        assertThat(new SettingsReader(Map.of("ST_X", " TRUE ")).bool("ST_X", false)).isTrue();
        assertThat(EMPTY.bool("ST_X", true)).isTrue();
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "yes")).bool("ST_X", false))
                .hasMessage("ST_X: must be true or false, got 'yes'");
    }

    @Test
    void oneOf_whenNotAConstant_listsTheConstants() {
        assertThat(new SettingsReader(Map.of("ST_X", "monday")).oneOf(DayOfWeek.class, "ST_X", "SUNDAY")).isEqualTo(DayOfWeek.MONDAY);
        assertThat(EMPTY.oneOf(DayOfWeek.class, "ST_X", "sunday")).isEqualTo(DayOfWeek.SUNDAY);
        assertThatThrownBy(() -> new SettingsReader(Map.of("ST_X", "someday")).oneOf(DayOfWeek.class, "ST_X", "SUNDAY"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("ST_X"))
                .hasMessage("ST_X: must be one of [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY], got 'someday'");
    }
}

package com.silenttalk.automation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NameValueListTest {
    @Test
    void parse_whenWellFormed_keepsTheOrderAndTrims() {
        assertThat(NameValueList.parse("ST_X", " primary = eu-west-1/db ,standby=eu-central-1/db-dr,"))
                .containsExactly(java.util.Map.entry("primary", "eu-west-1/db"), java.util.Map.entry("standby", "eu-central-1/db-dr"));
    }

    @Test
    void parse_whenAnItemHasNoValueOrANameRepeats_namesTheField() {
        assertThatThrownBy(() -> NameValueList.parse("ST_X", "a=1,b")).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("ST_X").hasMessageContaining("'b' is not name=value");
        assertThatThrownBy(() -> NameValueList.parse("ST_X", "a=1,a=2")).hasMessageContaining("names 'a' twice");
    }
}

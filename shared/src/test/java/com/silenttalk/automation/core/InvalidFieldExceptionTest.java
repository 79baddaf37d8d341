package com.silenttalk.automation.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidFieldExceptionTest {
    @Test
    void new_whenTheProblemQuotesAMegabyteOfInput_staysBoundedAndOneLine() {
        String value = "\u001b]0;pwned\u0007" + "A".repeat(1_000_000) + "\n\u202Egnp.exe";

        InvalidFieldException e = new InvalidFieldException("detail.name", "unexpected '" + value + "'");

        assertThat(e.getMessage()).startsWith("detail.name: unexpected '\\u001B]0;pwned\\u0007AAA")
                .hasSizeLessThan(1100).doesNotContain("\n", "\u001b", "\u0007", "\u202E");
    }

    @Test
    void new_whenTheFieldComesFromInput_escapesAndCutsIt() {
        InvalidFieldException e = new InvalidFieldException("key\u0000" + "k".repeat(5000), "unknown key");

        assertThat(e.field()).startsWith("key\\u0000kkk").hasSizeLessThan(260);
        assertThat(e.getMessage()).isEqualTo(e.field() + ": unknown key");
    }

    @Test
    void under_whenNested_keepsTheProblemAndPrefixesTheField() {
        InvalidFieldException e = new InvalidFieldException("retention", "must be positive, got '\u001b'").under("backup");

        assertThat(e.field()).isEqualTo("backup.retention");
        assertThat(e.problem()).isEqualTo("must be positive, got '\\u001B'");
        assertThat(e.getMessage()).isEqualTo("backup.retention: must be positive, got '\\u001B'");
    }
}

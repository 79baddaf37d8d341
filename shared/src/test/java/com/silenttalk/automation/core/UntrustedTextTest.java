package com.silenttalk.automation.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UntrustedTextTest {
    @Test
    void escaped_whenTerminalControlCharacters_writesThemAsUnicodeEscapes() {
        assertThat(UntrustedText.escaped("a\u0000b\u0007c\u001b[31md\u007f\u009b"))
                .isEqualTo("a\\u0000b\\u0007c\\u001B[31md\\u007F\\u009B");
    }

    @Test
    void escaped_whenBidiOverridesAndLineSeparators_writesThemAsUnicodeEscapes() {
        assertThat(UntrustedText.escaped("invoice\u202Etxt.exe\u2066x\u2069\u200F\u2028\u2029\r\n"))
                .isEqualTo("invoice\\u202Etxt.exe\\u2066x\\u2069\\u200F\\u2028\\u2029\\u000D\\u000A");
    }

    @Test
    void escaped_whenOrdinaryTextIncludingAccentsAndEmoji_leavesItAlone() {
        String text = "Zoë's café: 5 € — 東京 \uD83D\uDE80 /var/lib/x_y-z.json";

        assertThat(UntrustedText.escaped(text)).isSameAs(text);
    }

    @Test
    void escaped_whenALoneSurrogate_escapesIt() {
        assertThat(UntrustedText.escaped("a\uD83Db")).isEqualTo("a\\uD83Db");
    }

    @Test
    void excerpt_whenAMegabyteValue_keeps200CharactersAndSaysHowManyWereCut() {
        String huge = "x".repeat(1_000_000);

        String excerpt = UntrustedText.excerpt(huge);

        assertThat(excerpt).isEqualTo("x".repeat(200) + "... (999800 more characters)");
    }

    @Test
    void excerpt_whenTheCutFallsInsideASurrogatePair_keepsThePairWhole() {
        String text = "a".repeat(199) + "\uD83D\uDE80" + "tail";

        assertThat(UntrustedText.excerpt(text)).startsWith("a".repeat(199) + "...").doesNotContain("\\uD83D");
    }

    @Test
    void bounded_whenAMegabyteOfBidiOverrides_cutsBeforeEscapingAndNeverLeavesHalfAnEscape() {
        String message = "name: '" + "\u202E".repeat(1_000_000) + "'";

        String bounded = UntrustedText.bounded(message, 1000);

        assertThat(bounded).startsWith("name: '\\u202E\\u202E").endsWith("... (1000008 characters in all)")
                .doesNotContain("\u202E");
        String kept = bounded.substring(0, bounded.indexOf("..."));
        assertThat(kept.length()).isLessThanOrEqualTo(1000);
        assertThat(kept.substring(7)).matches("(\\\\u202E)+");
    }

    @Test
    void bounded_whenShortAndSafe_isTheMessageItself() {
        assertThat(UntrustedText.bounded("retention: must be positive", 1000)).isEqualTo("retention: must be positive");
    }

    @Test
    void quoted_whenNull_saysNull() {
        assertThat(UntrustedText.quoted(null)).isEqualTo("'null'");
    }

    @Property(tries = 300)
    void excerpt_whenAnyText_isBoundedAndHasNoControlFormatOrSeparatorCharacter(@ForAll @StringLength(max = 600) String text) {
        String excerpt = UntrustedText.excerpt(text);

        assertThat(excerpt.length()).isLessThanOrEqualTo(6 * UntrustedText.MAX_CHARS + 40);
        assertThat(excerpt.chars()).noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        });
    }

    @Property(tries = 200)
    void escaped_isIdempotent(@ForAll String text) {
        String once = UntrustedText.escaped(text);

        assertThat(UntrustedText.escaped(once)).isEqualTo(once);
    }
}

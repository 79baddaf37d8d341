package com.silenttalk.automation.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictYamlTest {
    static com.fasterxml.jackson.databind.node.ObjectNode read(String yaml) {
        return StrictYaml.read(yaml.getBytes(StandardCharsets.UTF_8), "rules.yaml", "rules");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a repeated key|channels: {}\\nchannels: {}|channels|appears twice in rules.yaml at line 2",
            "a repeated nested key|a:\\n  b: 1\\n  b: 2|a.b|appears twice",
            "a repeated key in a list item|a:\\n  - {x: 1, x: 2}|a[0].x|appears twice",
            "a second document|a: 1\\n---\\na: 2|rules|has a second YAML document at line 3",
            "an unknown tag|a: !include other.yaml|a|has the tag !include",
            "a tag on a mapping|a: !defaults\\n  b: 1|a|has the tag !defaults",
            "a list at the top|- a|rules|must be a YAML mapping at the top level",
            "not YAML|a: [1|rules|is not valid YAML"})
    void read_whenTheFileCouldMeanTwoThings_namesTheKeyOrTheLine(String what, String yaml, String field, String problem) {
        assertThatThrownBy(() -> read(yaml.replace("\\n", "\n")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                });
    }

    @Test
    void read_whenYamlsOwnTagsAndAnEmptyFile_readsThem() {
        assertThat(read("a: !!str 5\nb: !!int \"7\"\n").path("a").asText()).isEqualTo("5");
        assertThat(read("")).isEmpty();
        assertThat(read("# only a comment\n")).isEmpty();
    }

    /** Found by the fuzz suite: SnakeYAML's reader throws IndexOutOfBoundsException on this; it was exit 70. */
    @Test
    void read_whenAQuotedValueHoldsALongRunOfSupplementaryCharacters_isAFileItCannotParseNotACrash() {
        String yaml = "kx: '" + "\uD83D\uDE80".repeat(511) + "'\n";

        assertThatThrownBy(() -> read(yaml)).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo("rules");
            assertThat(e.problem()).startsWith("rules.yaml is not YAML this reader can parse");
        });
    }

    @Test
    void read_whenOverAMegabyte_refusesNamingTheSize() {
        byte[] big = ("a: '" + "x".repeat(StrictYaml.MAX_BYTES) + "'\n").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StrictYaml.read(big, "rules.yaml", "rules")).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("rules: rules.yaml is " + big.length + " bytes");
    }
}

package com.silenttalk.automation.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Glob matches ASCII text without a regex; these properties hold it to the regex it always was
 * (quoted literal runs joined by {@code .*}, CASE_INSENSITIVE, DOTALL), on alphabets small enough
 * that stars, overlaps and case differences actually meet.
 */
class GlobPropertiesTest {

    static boolean byRegex(String glob, String value) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value).matches();
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> globAndValue() {
        Arbitrary<String> glob = Arbitraries.strings().withChars("aAbB*.-\n").ofMinLength(1).ofMaxLength(8)
                .filter(g -> !g.isBlank());
        Arbitrary<String> value = Arbitraries.strings().withChars("aAbB.-\n*").ofMaxLength(10);
        return Arbitraries.oneOf(
                Arbitraries.entries(glob, value).map(e -> Tuple.of(e.getKey(), e.getValue())),
                // values made from the glob itself, so matches are common, not rare
                glob.flatMap(g -> Arbitraries.strings().withChars("aAbB.-").ofMaxLength(3)
                        .map(fill -> Tuple.of(g, g.replace("*", fill).toUpperCase()))));
    }

    @Property(tries = 3000)
    void matches_forAsciiText_agreesWithTheRegex(@ForAll("globAndValue") Tuple.Tuple2<String, String> case_) {
        Glob glob = new Glob("metric", case_.get1());

        assertThat(glob.matches(case_.get2())).as("glob %s on %s", case_.get1(), case_.get2())
                .isEqualTo(byRegex(case_.get1(), case_.get2()));
    }

    @Property(tries = 500)
    void matches_forNonAsciiText_agreesWithTheRegex(@ForAll("nonAscii") Tuple.Tuple2<String, String> case_) {
        assertThat(new Glob("metric", case_.get1()).matches(case_.get2())).isEqualTo(byRegex(case_.get1(), case_.get2()));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> nonAscii() {
        Arbitrary<String> glob = Arbitraries.strings().withChars("kK\u212aé*É").ofMinLength(1).ofMaxLength(5).filter(g -> !g.isBlank());
        Arbitrary<String> value = Arbitraries.strings().withChars("kK\u212aéÉ").ofMaxLength(6);
        return Arbitraries.entries(glob, value).map(e -> Tuple.of(e.getKey(), e.getValue()));
    }
}

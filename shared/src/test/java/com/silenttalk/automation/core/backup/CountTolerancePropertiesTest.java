package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CountTolerancePropertiesTest {
    @Property
    void accepts_isSymmetricAroundTheExpectedCountAndExactOnItsBoundary(
            @ForAll @DoubleRange(min = 0, max = 1) double fraction, @ForAll @LongRange(min = 0, max = 1000) long rows,
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long expected) {
        CountTolerance t = new CountTolerance(fraction, rows);
        long allowed = t.allowedDrift(expected);

        assertThat(t.accepts(expected, expected + allowed)).isTrue();
        assertThat(t.accepts(expected, expected - allowed)).isTrue();
        assertThat(t.accepts(expected, expected + allowed + 1)).isFalse();
        assertThat(t.accepts(expected, expected - allowed - 1)).isFalse();
        assertThat(allowed).isGreaterThanOrEqualTo(rows);
    }

    @Property
    void allowedDrift_neverShrinksAsTheTableGrows(@ForAll @DoubleRange(min = 0, max = 1) double fraction,
                                                 @ForAll @LongRange(min = 0, max = 100) long rows,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000L) long smaller,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000L) long more) {
        CountTolerance t = new CountTolerance(fraction, rows);

        assertThat(t.allowedDrift(smaller + more)).isGreaterThanOrEqualTo(t.allowedDrift(smaller));
    }

    @Test
    void allowedDrift_whenZero_isExact() {
        CountTolerance exact = new CountTolerance(0, 0);

        assertThat(exact.accepts(120, 120)).isTrue();
        assertThat(exact.accepts(120, 121)).isFalse();
    }

    @Test
    void constructor_whenFractionIsOutOfRange_namesTheField() {
        assertThatThrownBy(() -> new CountTolerance(1.5, 0)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new CountTolerance(Double.NaN, 0)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> new CountTolerance(0.1, -1)).hasMessageContaining("rows");
    }
}

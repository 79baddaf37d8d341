package com.silenttalk.automation.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {

    @Property
    void newPassword_whenDefaultPolicy_hasTheLengthAndNoBreakingCharacters(@ForAll long seed, @ForAll @IntRange(min = 16, max = 128) int length) {
        PasswordPolicy policy = new PasswordPolicy(length, PasswordPolicy.DEFAULT_EXCLUDED);
        char[] password = new PasswordGenerator(new Random(seed)).newPassword(policy);

        assertThat(password).hasSize(length);
        for (char c : password) {
            assertThat(":/?#[]@%&+=\\'\"`$!;|<>(){}*~^, ").doesNotContain(String.valueOf(c));
            assertThat(c).isBetween('!', '~');
        }
        String text = new String(password);
        assertThat(text).matches(".*[A-Za-z].*").matches(".*[0-9].*");
    }

    @Property
    void newPassword_whenCustomExclusions_neverUsesThem(@ForAll long seed) {
        PasswordPolicy policy = new PasswordPolicy(40, "abcdefghijklmnopqrstuvwxyz0123");
        String text = new String(new PasswordGenerator(new Random(seed)).newPassword(policy));
        assertThat(text).doesNotContainPattern("[a-z0-3]");
    }

    @Test
    void policy_whenTooShort_isRejected() {
        assertThatThrownBy(() -> new PasswordPolicy(8, "")).isInstanceOf(InvalidFieldException.class)
                .hasMessage("password.length: must be 16-4096, got 8");
    }

    @Test
    void policy_whenEverythingExcluded_isRejected() {
        assertThatThrownBy(() -> new PasswordPolicy(32, PasswordPolicy.PRINTABLE)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("fewer than 10 characters");
    }
}

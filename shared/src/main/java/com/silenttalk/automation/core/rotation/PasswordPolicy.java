package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.InvalidFieldException;

/**
 * Length and excluded characters of generated passwords. The default excludes what breaks a URL
 * ({@code :/?#[]@%&+=}), a {@code .pgpass} line ({@code :\}), a shell word ({@code '"`$!\ ;|<>(){}*~^}) and
 * look-alikes are kept: they break nothing.
 */
public record PasswordPolicy(int length, String excludedCharacters) {
    public static final String DEFAULT_EXCLUDED = ":/?#[]@%&+=\\'\"`$!;|<>(){}*~^, ";
    public static final String PRINTABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";

    public PasswordPolicy {
        if (length < 16 || length > 4096) {
            throw new InvalidFieldException("password.length", "must be 16-4096, got " + length);
        }
        excludedCharacters = excludedCharacters == null ? "" : excludedCharacters;
        if (alphabetOf(excludedCharacters).length() < 10) {
            throw new InvalidFieldException("password.excludedCharacters", "leaves fewer than 10 characters to choose from");
        }
    }

    public static PasswordPolicy defaults() {
        return new PasswordPolicy(32, DEFAULT_EXCLUDED);
    }

    /** The characters a password may contain, in a fixed order. */
    public String alphabet() {
        return alphabetOf(excludedCharacters);
    }

    private static String alphabetOf(String excluded) {
        StringBuilder sb = new StringBuilder();
        PRINTABLE.chars().filter(c -> excluded.indexOf(c) < 0).forEach(c -> sb.append((char) c));
        return sb.toString();
    }
}

package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A case-insensitive pattern where {@code *} matches any run of characters and everything else is literal. */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    public Glob(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException(field, "is an empty pattern");
        }
        this.text = text;
        this.pattern = Pattern.compile(Arrays.stream(text.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    public boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

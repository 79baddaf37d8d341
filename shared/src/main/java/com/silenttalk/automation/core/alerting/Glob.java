package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A case-insensitive pattern where {@code *} matches any run of characters and everything else is literal. */
public final class Glob {
    private final String text;
    private final Pattern pattern;
    /** The literal runs between the stars, ASCII lower-cased; null when the text is not all ASCII. */
    private final String[] segments;

    public Glob(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException(field, "is an empty pattern");
        }
        this.text = text;
        String[] parts = text.split("\\*", -1);
        this.pattern = Pattern.compile(Arrays.stream(parts).map(Pattern::quote)
                .collect(Collectors.joining(".*")), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        this.segments = isAscii(text) ? Arrays.stream(parts).map(Glob::asciiLower).toArray(String[]::new) : null;
    }

    /**
     * Routing asks every rule's globs about every alert, so ASCII text (all of it, in practice) is
     * matched by comparing the literal runs directly; this is exactly what the regex does
     * (CASE_INSENSITIVE without UNICODE_CASE folds ASCII letters only; DOTALL lets a star match
     * anything). Anything else goes through the regex.
     */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (segments == null || !isAscii(value)) {
            return pattern.matcher(value).matches();
        }
        String first = segments[0];
        if (segments.length == 1) {
            return value.length() == first.length() && regionMatches(value, 0, first);
        }
        String last = segments[segments.length - 1];
        int end = value.length() - last.length();
        if (end < first.length() || !regionMatches(value, 0, first) || !regionMatches(value, end, last)) {
            return false;
        }
        int from = first.length();
        for (int i = 1; i < segments.length - 1; i++) {
            int at = indexOf(value, segments[i], from, end);
            if (at < 0) {
                return false;
            }
            from = at + segments[i].length();
        }
        return true;
    }

    /** Where {@code segment} first occurs in {@code value[from, end)}, or -1. */
    private static int indexOf(String value, String segment, int from, int end) {
        for (int at = from; at + segment.length() <= end; at++) {
            if (regionMatches(value, at, segment)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean regionMatches(String value, int offset, String lowerSegment) {
        for (int i = 0; i < lowerSegment.length(); i++) {
            if (asciiLower(value.charAt(offset + i)) != lowerSegment.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(asciiLower(s.charAt(i)));
        }
        return out.toString();
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

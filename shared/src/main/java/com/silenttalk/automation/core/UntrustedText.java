package com.silenttalk.automation.core;

/**
 * Text from outside (an event, a file, an option, a variable) as it may appear in a message or
 * a log line: at most {@value #MAX_CHARS} characters, and every control, format (bidi overrides,
 * zero-width marks) and line-separator character written as {@code \\uXXXX}, so input can neither
 * flood a terminal nor rewrite what it shows.
 */
public final class UntrustedText {
    public static final int MAX_CHARS = 200;

    private UntrustedText() {
    }

    /** The value cut to {@value #MAX_CHARS} characters (saying how many were cut), then escaped. */
    public static String excerpt(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return escaped(text);
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return escaped(text.substring(0, end)) + "... (" + (text.length() - end) + " more characters)";
    }

    /** {@link #excerpt} in single quotes, the way messages quote a value. */
    public static String quoted(Object value) {
        return "'" + excerpt(value) + "'";
    }

    /** Every character a terminal or a log reader could act on, escaped; nothing cut. */
    public static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(text, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The message bounded as a whole: escaped, and cut to {@code max} characters with a note. */
    public static String bounded(String message, int max) {
        String text = escaped(message);
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... (" + (text.length() - max) + " more characters)";
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text, i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a character (a half of a surrogate pair aside) is one a terminal or log reader could act
     * on: control (C0, DEL, C1), format (bidi overrides and isolates, zero-width marks), line or
     * paragraph separator, private use or unassigned. JSON writers escape these too.
     */
    public static boolean unsafe(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    private static boolean unsafe(String text, int i) {
        char c = text.charAt(i);
        switch (Character.getType(c)) {
            case Character.SURROGATE -> {
                // a lone half of a pair prints as garbage; a whole pair (an emoji, a CJK extension) is fine
                boolean paired = Character.isHighSurrogate(c)
                        ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
                return !paired;
            }
            default -> {
                return unsafe(c);
            }
        }
    }
}

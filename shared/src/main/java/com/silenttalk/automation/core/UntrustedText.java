package com.silenttalk.automation.core;

/**
 * Text from outside (an event, a file, an option, a variable) as it may appear in a message or
 * a log line: at most {@value #MAX_CHARS} characters, and every control, format (bidi overrides,
 * zero-width marks) and line-separator character written as {@code \\uXXXX}, so input can neither
 * flood a terminal nor rewrite what it shows.
 */
public final class UntrustedText {
    public static final int MAX_CHARS = 200;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UntrustedText() {
    }

    /** The value cut to {@value #MAX_CHARS} characters (saying how many were cut), then escaped. */
    public static String excerpt(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return escaped(text);
        }
        int end = safeEnd(text, MAX_CHARS);
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
                out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The message bounded as a whole: escaped and at most {@code max} characters, with a note when
     * cut. It is cut before it is escaped, so a refusal that quotes a megabyte costs no more than one
     * that quotes a word.
     */
    public static String bounded(String message, int max) {
        String text = String.valueOf(message);
        if (text.length() <= max) {
            String safe = escaped(text);
            if (safe.length() <= max) {
                return safe;
            }
        }
        String safe = escaped(text.substring(0, safeEnd(text, Math.min(max, text.length()))));
        if (safe.length() > max) {
            int end = max;
            int escape = safe.lastIndexOf("\\u", max);
            if (escape >= 0 && escape > max - 6) {
                end = escape; // never leave half an escape behind
            }
            safe = safe.substring(0, end);
        }
        return safe + "... (" + text.length() + " characters in all)";
    }

    /** Where to cut {@code text} at about {@code end} without splitting a surrogate pair. */
    private static int safeEnd(String text, int end) {
        return end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
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

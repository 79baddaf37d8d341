package com.silenttalk.automation.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: 90s, 30m, 6h, 30d, or ISO-8601 (PT6H). */
public final class DurationText {
    private static final Pattern SHORT = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)");
    /** Longer than any schedule, retention or timeout makes sense for; it keeps time arithmetic far from overflow. */
    public static final Duration MAX = Duration.ofDays(36_500);

    private DurationText() {
    }

    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException(field, "is empty; write a duration such as 6h, 30m or 30d");
        }
        String t = text.strip();
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                throw tooLong(field, t);
            }
        } else {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(field, "cannot parse " + UntrustedText.quoted(t)
                        + " as a duration; write e.g. 90s, 30m, 6h, 30d or PT6H");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidFieldException(field, "must be positive, got " + UntrustedText.quoted(t));
        }
        if (d.compareTo(MAX) > 0) {
            throw tooLong(field, t);
        }
        return d;
    }

    private static InvalidFieldException tooLong(String field, String text) {
        return new InvalidFieldException(field, "must be at most " + format(MAX) + " (100 years), got " + UntrustedText.quoted(text));
    }

    /** The short form back, for messages and reports. */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = d.toSeconds();
        if (s >= 86400 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s >= 3600 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s >= 60 && s % 60 == 0) {
            return s / 60 + "m";
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }

    /**
     * For people reading a report or a status page: {@code 0.4 s}, {@code 42.3 s}, {@code 3 min 4 s},
     * {@code 2 h 5 min}, {@code 3 d 4 h}. Two units at most, so a width stays predictable.
     */
    public static String readable(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative()) {
            return "-" + readable(d.negated());
        }
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (s < 3600) {
            return pair(s / 60, "min", s % 60, "s");
        }
        if (s < 86400) {
            return pair(s / 3600, "h", (s % 3600) / 60, "min");
        }
        return pair(s / 86400, "d", (s % 86400) / 3600, "h");
    }

    /** "target 6 h", or "target 6 h, over by 1.0 s" when {@code measured} exceeds it: the over-run never rounds away. */
    public static String againstTarget(Duration measured, Duration target) {
        String text = "target " + readable(target);
        return measured != null && target != null && measured.compareTo(target) > 0
                ? text + ", over by " + readable(measured.minus(target)) : text;
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + " " + majorUnit : major + " " + majorUnit + " " + minor + " " + minorUnit;
    }
}

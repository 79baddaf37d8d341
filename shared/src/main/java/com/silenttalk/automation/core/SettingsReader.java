package com.silenttalk.automation.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A function's settings read from names to text (a Lambda's environment, a function app's
 * application settings). A setting that is absent or blank takes its fallback; a value that does
 * not read is an {@link InvalidFieldException} naming the setting and quoting the value, so every
 * runner refuses bad configuration with the same one line.
 */
public final class SettingsReader {
    /** What a missing required setting is told, unless the runner says where settings live. */
    public static final String NOT_SET = "is not set";

    private final Map<String, String> env;
    private final String notSet;

    public SettingsReader(Map<String, String> env) {
        this(env, NOT_SET);
    }

    /** @param notSet the problem a missing required setting reports (e.g. "is not set in the function app's application settings") */
    public SettingsReader(Map<String, String> env, String notSet) {
        this.env = Objects.requireNonNull(env, "env");
        this.notSet = Objects.requireNonNull(notSet, "notSet");
    }

    /** The value, trimmed. */
    public String required(String name) {
        return present(name).map(String::trim).orElseThrow(() -> new InvalidFieldException(name, notSet));
    }

    /** The value as set (not trimmed), or empty when absent or blank. */
    public Optional<String> optional(String name) {
        return present(name);
    }

    /** The value as set (not trimmed, even when blank), or the fallback when absent. */
    public String orDefault(String name, String fallback) {
        return env.getOrDefault(name, fallback);
    }

    /** A whole number of at least 1. */
    public int positiveInt(String name, int fallback) {
        return number(name, fallback, Integer::valueOf, n -> n >= 1, "a positive whole number");
    }

    /** Any whole number; the record it goes into checks the range. */
    public int wholeNumber(String name, int fallback) {
        return number(name, fallback, Integer::valueOf, n -> true, "a whole number");
    }

    /** A whole number of {@code unit}, 0 or more. */
    public long nonNegativeLong(String name, long fallback, String unit) {
        return number(name, fallback, Long::valueOf, n -> n >= 0, "a whole number of " + unit + ", 0 or more");
    }

    /** A percentage between 0 and 100, returned as a fraction (12.5 → 0.125); the fallback is a fraction too. */
    public double percentAsFraction(String name, double fallback) {
        if (present(name).isEmpty()) {
            return fallback;
        }
        return number(name, 0.0, Double::valueOf, p -> p >= 0 && p <= 100, "a percentage between 0 and 100") / 100;
    }

    /** {@code true} or {@code false}, in any case. */
    public boolean bool(String name, boolean fallback) {
        Optional<String> value = present(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidFieldException(name, "must be true or false, got " + UntrustedText.quoted(value.get()));
        };
    }

    /** One of the enum's constants, in any case; the fallback is read like a value. */
    public <E extends Enum<E>> E oneOf(Class<E> type, String name, String fallback) {
        String value = orDefault(name, fallback);
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(name, "must be one of " + List.of(type.getEnumConstants()) + ", got " + UntrustedText.quoted(value));
        }
    }

    private Optional<String> present(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private <N> N number(String name, N fallback, Function<String, N> parse, Predicate<N> allowed, String expected) {
        Optional<String> value = present(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            N n = parse.apply(value.get().trim());
            if (allowed.test(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, like a value out of range
        }
        throw new InvalidFieldException(name, "must be " + expected + ", got " + UntrustedText.quoted(value.get()));
    }
}

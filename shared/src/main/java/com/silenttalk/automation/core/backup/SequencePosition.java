package com.silenttalk.automation.core.backup;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.silenttalk.automation.core.UntrustedText;

/**
 * Where a sequence stands: its {@code last_value}, its increment, and whether {@code last_value}
 * was handed out already ({@code is_called}). Written in an {@link ObjectInventory} as
 * "42 by 1" or "100 by -1, not called".
 */
public record SequencePosition(long lastValue, long increment, boolean called) {
    private static final Pattern TEXT = Pattern.compile("(-?\\d+) by (-?\\d+)(, not called)?");

    public SequencePosition {
        if (increment == 0) {
            throw new IllegalArgumentException("a sequence's increment is never 0");
        }
    }

    public static SequencePosition parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a sequence position: " + UntrustedText.quoted(text) + " (expected '42 by 1' or '42 by 1, not called')");
        }
        return new SequencePosition(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3) == null);
    }

    public String text() {
        return lastValue + " by " + increment + (called ? "" : ", not called");
    }

    /**
     * Whether this (restored) position is at or beyond {@code snapshot}'s in the sequence's direction: a
     * restore must never hand out a value the snapshot's rows may already hold. Beyond is fine: a sequence is
     * read before the dump reads it, and writes in between move it on.
     */
    public boolean atOrBeyond(SequencePosition snapshot) {
        if (increment != snapshot.increment) {
            return false;
        }
        int order = Long.compare(nextValue(), snapshot.nextValue());
        return increment > 0 ? order >= 0 : order <= 0;
    }

    /** What nextval would return (saturating at the type's ends rather than overflowing). */
    long nextValue() {
        if (!called) {
            return lastValue;
        }
        long next = lastValue + increment;
        boolean overflowed = ((lastValue ^ next) & (increment ^ next)) < 0;
        return overflowed ? (increment > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : next;
    }
}

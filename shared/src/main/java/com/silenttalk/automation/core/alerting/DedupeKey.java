package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity of one alarm on one resource, the same for its firing and its resolution and
 * for every delivery path (an alarm seen through EventBridge and through SNS gets one key).
 * It is PagerDuty's {@code dedup_key}, so it fits that field's 255-character limit.
 */
public record DedupeKey(String value) {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9:._-]{0,254}");

    public DedupeKey {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidFieldException("dedupeKey", "must be 1-255 characters of a-z, 0-9, ':', '.', '_', '-'");
        }
    }

    /**
     * A key from the parts that identify an alarm (cloud, account, rule, resource). Parts are
     * case-folded, because Azure spells one resource ID in several cases.
     */
    public static DedupeKey of(String prefix, String... identity) {
        StringBuilder joined = new StringBuilder();
        for (String part : identity) {
            joined.append(part == null ? "" : part.toLowerCase(Locale.ROOT)).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.toString().getBytes(StandardCharsets.UTF_8));
            return new DedupeKey(prefix + ":" + HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

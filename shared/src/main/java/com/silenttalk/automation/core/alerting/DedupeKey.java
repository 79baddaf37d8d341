package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of one alarm on one resource, the same for its firing and its resolution and
 * for every delivery path (an alarm seen through EventBridge and through SNS gets one key).
 * It is PagerDuty's {@code dedup_key}, so it fits that field's 255-character limit.
 */
public record DedupeKey(String value) {
    /** One digest per thread: looking SHA-256 up in the providers for every alert costs more than hashing it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    public DedupeKey {
        if (!wellFormed(value)) {
            throw new InvalidFieldException("dedupeKey", "must be 1-255 characters of a-z, 0-9, ':', '.', '_', '-'");
        }
    }

    /** {@code [a-z0-9][a-z0-9:._-]{0,254}}, checked without a regex matcher (every alert builds a key). */
    private static boolean wellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > 255) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != ':' && c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
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
        byte[] digest = SHA_256.get().digest(joined.toString().getBytes(StandardCharsets.UTF_8));
        return new DedupeKey(prefix + ":" + HexFormat.of().formatHex(digest, 0, 16));
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.silenttalk.automation.core.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether one stored copy can be deleted, as read back from the store when asked (never taken
 * from configuration: a bucket configured for Object Lock that did not apply it is not locked).
 *
 * @param retainUntil      when the lock ends; set exactly when {@code immutability} is IMMUTABLE
 * @param mode             the store's name for the lock (COMPLIANCE, GOVERNANCE, vault lock); null when none
 * @param deletableBySuite whether the suite's own credentials could delete the copy now; true unless proven otherwise
 * @param evidence         what was read, for people: "GetObjectRetention: COMPLIANCE until ..."
 */
public record CopyLock(Immutability immutability, Instant retainUntil, String mode, boolean deletableBySuite,
                       String evidence) {
    public CopyLock {
        Objects.requireNonNull(immutability, "immutability");
        if ((immutability == Immutability.IMMUTABLE) != (retainUntil != null)) {
            throw new IllegalArgumentException("retainUntil is set exactly for an immutable copy");
        }
        if (immutability != Immutability.IMMUTABLE && !deletableBySuite) {
            throw new IllegalArgumentException("a copy that is not proven immutable counts as deletable by the suite");
        }
        if (evidence == null || evidence.isBlank()) {
            throw new IllegalArgumentException("evidence must say what was read");
        }
    }

    public static CopyLock notImmutable(String evidence) {
        return new CopyLock(Immutability.NOT_IMMUTABLE, null, null, true, evidence);
    }

    public static CopyLock unknown(String evidence) {
        return new CopyLock(Immutability.UNKNOWN, null, null, true, evidence);
    }

    public static CopyLock until(Instant retainUntil, String mode, boolean deletableBySuite, String evidence) {
        return new CopyLock(Immutability.IMMUTABLE, Objects.requireNonNull(retainUntil, "retainUntil"), mode,
                deletableBySuite, evidence);
    }

    /** True when the copy is locked past {@code now}: nothing may try to delete it. */
    public boolean holdsAt(Instant now) {
        return immutability == Immutability.IMMUTABLE && retainUntil.isAfter(now);
    }

    /** "immutable until 2027-01-05T00:00:00Z (COMPLIANCE)", "not immutable" or "immutability unknown". */
    public String statement() {
        return switch (immutability) {
            case IMMUTABLE -> "immutable until " + retainUntil + (mode == null ? "" : " (" + mode + ")");
            case NOT_IMMUTABLE -> "not immutable";
            case UNKNOWN -> "immutability unknown";
        };
    }
}

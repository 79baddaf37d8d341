package com.silenttalk.automation.core.backup;

/** What restore drills have proven about a snapshot. */
public enum VerificationStatus {
    UNVERIFIED,
    VERIFIED,
    FAILED;

    /**
     * The status a store's mark (a tag, blob metadata) reads as: none, or a value the suite never writes (hand-edited,
     * someone else's tag), proves nothing and reads as UNVERIFIED.
     */
    public static VerificationStatus fromMark(String mark) {
        if (mark == null) {
            return UNVERIFIED;
        }
        try {
            return valueOf(mark);
        } catch (IllegalArgumentException e) {
            return UNVERIFIED;
        }
    }
}

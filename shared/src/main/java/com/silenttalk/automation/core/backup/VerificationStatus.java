package com.silenttalk.automation.core.backup;

/** What restore drills have proven about a snapshot. */
public enum VerificationStatus {
    UNVERIFIED,
    VERIFIED,
    FAILED
}

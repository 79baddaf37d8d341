package com.silenttalk.automation.core.rotation;

/** What to do with an PENDING version left by a failed rotation, given what the target accepts. */
public enum StuckPendingRepair {
    /** The current login works: the stale version is dropped (its PENDING label removed). */
    ABANDON,
    /** Only the stale pending login works (it was set, the finish never ran): it is promoted to CURRENT. */
    COMPLETE,
    /** Neither works: a person must look. Nothing is changed. */
    REFUSE
}

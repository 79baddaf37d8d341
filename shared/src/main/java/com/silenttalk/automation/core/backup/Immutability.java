package com.silenttalk.automation.core.backup;

/** Whether a store can prove that a copy cannot be deleted or overwritten before a date. */
public enum Immutability {
    IMMUTABLE,
    NOT_IMMUTABLE,
    /** The store could not say (it has no such feature it can report, or reading it failed). */
    UNKNOWN
}

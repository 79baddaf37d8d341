package com.silenttalk.automation.local.workflow;

/**
 * The points between steps where a run may be killed and must leave state the next run can resume
 * or close: after the lease, after the ledger claim, after each save. Production passes {@link #NONE};
 * the crash-recovery tests pass one that holds the process there until they {@code kill -9} it.
 */
@FunctionalInterface
public interface CrashPoints {
    CrashPoints NONE = point -> {
    };

    void reached(String point);
}

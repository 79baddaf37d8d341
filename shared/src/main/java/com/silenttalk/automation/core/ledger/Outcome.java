package com.silenttalk.automation.core.ledger;

public enum Outcome {
    STARTED,
    SUCCEEDED,
    FAILED,
    SKIPPED,
    DRY_RUN,
    /** Claimed by a process that died before it saved anything to resume from; a later run closed the record. */
    ABANDONED;

    public boolean isFinal() {
        return this != STARTED;
    }
}

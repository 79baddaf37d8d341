package com.silenttalk.automation.core.ledger;

public enum Outcome {
    STARTED,
    SUCCEEDED,
    FAILED,
    SKIPPED,
    DRY_RUN;

    public boolean isFinal() {
        return this != STARTED;
    }
}

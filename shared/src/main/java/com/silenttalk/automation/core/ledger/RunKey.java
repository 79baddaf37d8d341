package com.silenttalk.automation.core.ledger;

import com.silenttalk.automation.core.InvalidFieldException;

/** The idempotency key of one run, derived from the event (schedule window, snapshot ARN, rotation token). */
public record RunKey(String value) {
    public RunKey {
        if (value == null || value.isBlank() || value.length() > 512) {
            throw new InvalidFieldException("runKey", "must be 1-512 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

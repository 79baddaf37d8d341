package com.silenttalk.automation.core.drill;

import java.util.Objects;

/**
 * An adapter found, part-way through a step, that one of the drill's checks has failed (the
 * source is plaintext while TLS is required): the drill stops there and reports that check.
 */
public class FailedCheckException extends RuntimeException {
    private final transient CheckResult check;

    public FailedCheckException(CheckResult check) {
        super(check.name() + ": " + check.detail());
        if (Objects.requireNonNull(check, "check").passed()) {
            throw new IllegalArgumentException("a passed check is no failure: " + check.name());
        }
        this.check = check;
    }

    public CheckResult check() {
        return check;
    }
}

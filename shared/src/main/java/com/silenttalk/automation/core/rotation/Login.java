package com.silenttalk.automation.core.rotation;

/** What a target said to one login attempt. An unreachable target is not an answer: it is a {@link TargetUnreachableException}. */
public enum Login {
    ACCEPTED,
    REJECTED
}

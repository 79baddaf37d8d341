package com.silenttalk.automation.core.rotation;

/** Whether a step event may run: go on, or stop early because the token is already CURRENT. */
public enum Admission {
    PROCEED,
    ALREADY_CURRENT
}

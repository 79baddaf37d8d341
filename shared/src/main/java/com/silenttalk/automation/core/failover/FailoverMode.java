package com.silenttalk.automation.core.failover;

public enum FailoverMode {
    /** The gate's yes executes the plan. */
    AUTOMATIC,
    /** The plan goes to the alert channels; an operator's approval executes it. */
    APPROVAL_REQUIRED,
    /** The plan is returned and nothing is done. */
    DRY_RUN
}

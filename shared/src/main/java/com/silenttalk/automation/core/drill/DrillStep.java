package com.silenttalk.automation.core.drill;

/** The drill's steps, in order. Teardown and report run on every path. */
public enum DrillStep {
    SNAPSHOT,
    COPY,
    RESTORE,
    VERIFY,
    TEARDOWN,
    REPORT,
    DONE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

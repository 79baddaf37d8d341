package com.silenttalk.automation.core.failover;

import java.util.Locale;

/** The chain, in order. Traffic moves only after the target is proven writable. */
public enum FailoverStep {
    FENCE,
    PROMOTE,
    SWITCH_CACHE,
    SWITCH_TRAFFIC,
    VERIFY_WRITES,
    REPROTECT,
    DONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

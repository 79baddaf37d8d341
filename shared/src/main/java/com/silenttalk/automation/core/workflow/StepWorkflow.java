package com.silenttalk.automation.core.workflow;

import java.time.Instant;

/** A long workflow written once in Java; the engines supply durability and the waits. */
public interface StepWorkflow<S> {
    Advance<S> advance(S state, Instant now);
}

package com.silenttalk.automation.core.rotation;

import java.util.Map;

/**
 * What one step did. {@code action} is one of created, already-created, set, already-set, tested,
 * promoted, already-current, already-done. Details hold identifiers only, never a password.
 */
public record StepResult(RotationEvent event, String action, Map<String, String> details) {
    public StepResult {
        details = Map.copyOf(details);
    }

    /** Whether this call changed the store or the target. */
    public boolean changed() {
        return action.equals("created") || action.equals("set") || action.equals("promoted");
    }
}

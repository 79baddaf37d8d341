package com.silenttalk.automation.core.rotation;

/**
 * The administrator login that alternating-users rotation changes the twin's password with
 * (on AWS the secret named by {@code masterarn}; locally the configured admin URL).
 */
@FunctionalInterface
public interface AdminCredentials {
    Credential adminFor(Credential current);

    static AdminCredentials none() {
        return current -> {
            throw new RotationRejectedException("admin", "alternating-users rotation needs an administrator login, and none is configured");
        };
    }
}

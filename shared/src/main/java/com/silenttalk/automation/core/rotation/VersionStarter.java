package com.silenttalk.automation.core.rotation;

/**
 * Stores whose rotations we start ourselves (the local file store, Key Vault): attach PENDING to a
 * new, empty version named by the token. Secrets Manager does this itself in RotateSecret.
 */
public interface VersionStarter {
    /** Idempotent: a second call with the same token changes nothing. Refuses while another version is PENDING. */
    void beginVersion(String secretId, String token);
}

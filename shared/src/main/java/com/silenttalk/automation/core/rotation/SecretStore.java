package com.silenttalk.automation.core.rotation;

import java.util.List;
import java.util.Optional;

/**
 * Where credentials live, as versions with staging labels (Secrets Manager semantics;
 * Key Vault and the local file store emulate them). Implementations never log values.
 */
public interface SecretStore {
    SecretDescription describe(String secretId);

    /** The value of one version, or empty when the version has no value yet (or does not exist). */
    Optional<Credential> valueOf(String secretId, String versionId);

    /** The value of the version carrying a stage, or empty. */
    Optional<Credential> valueAt(String secretId, Stage stage);

    /**
     * Stores the value of version {@code token} with PENDING. Idempotent for the same token and value;
     * a different value under an existing token is refused by the store.
     */
    void putPending(String secretId, String token, Credential value);

    /** Moves CURRENT to {@code token}; the version that had it gets PREVIOUS; PENDING leaves {@code token}. */
    void promote(String secretId, String token, String currentVersionId);

    /** Takes one stage off one version (repairing a stale PENDING). */
    void removeStage(String secretId, Stage stage, String versionId);

    /** The cloud permissions this adapter uses, for the template's IAM test. */
    default List<String> requiredActions() {
        return List.of();
    }
}

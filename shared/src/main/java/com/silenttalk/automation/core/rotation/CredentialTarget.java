package com.silenttalk.automation.core.rotation;

import java.util.Optional;

/**
 * The system that checks a credential: a PostgreSQL role, a Redis user or AUTH token, an API key
 * service. Implementations never log or echo a password, also not in exception messages.
 */
public interface CredentialTarget {
    /** Non-secret, for messages: "postgresql://127.0.0.1:5432/app". */
    String describe();

    /** Tries one login. Throws {@link TargetUnreachableException} when the target cannot be reached at all. */
    Login tryLogin(Credential credential);

    /**
     * Makes {@code newPassword} valid for {@code username}, authenticating as {@code authenticateAs}.
     * Targets that can hold two passwords at once (Redis ACL, ElastiCache ROTATE) keep the one of
     * {@code keep} valid too; others replace.
     */
    void setPassword(Credential authenticateAs, String username, char[] newPassword, Optional<Credential> keep);

    /**
     * Called once CURRENT has moved to {@code current}: a target that kept an older password valid
     * may now retire it (ElastiCache {@code SET}). Must be idempotent. Most targets do nothing.
     */
    default void afterPromotion(Credential current) {
    }
}

package com.silenttalk.automation.core.rotation;

/**
 * The staging labels of a secret's versions: the one being used, the one being rotated in, the one before. Each
 * store writes them in its own words at its edge (Secrets Manager has its own labels; Key Vault and the file store
 * write these names).
 */
public enum Stage {
    CURRENT,
    PENDING,
    PREVIOUS
}

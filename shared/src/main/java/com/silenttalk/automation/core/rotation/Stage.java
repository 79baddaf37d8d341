package com.silenttalk.automation.core.rotation;

/** The staging labels of a secret's versions, with Secrets Manager's names; Key Vault and the file store keep them as tags. */
public final class Stage {
    public static final String CURRENT = "AWSCURRENT";
    public static final String PENDING = "AWSPENDING";
    public static final String PREVIOUS = "AWSPREVIOUS";

    private Stage() {
    }
}

package com.silenttalk.automation.azure.backup;

/**
 * ARM answered 403 for a server in a subscription (AuthorizationFailed): the function app's managed identity has no
 * role assignment there. That subscription's servers are skipped, the others go on. One line, naming the subscription.
 */
public final class SubscriptionDeniedException extends RuntimeException {
    private final String subscriptionId;

    public SubscriptionDeniedException(String subscriptionId, String code) {
        super("subscription " + subscriptionId + ": ARM refused the managed identity (HTTP 403 " + code
                + "; assign it the backup role there, infra/azure/subscription-backup-role.json), so its servers are skipped");
        this.subscriptionId = subscriptionId;
    }

    public String subscriptionId() {
        return subscriptionId;
    }
}

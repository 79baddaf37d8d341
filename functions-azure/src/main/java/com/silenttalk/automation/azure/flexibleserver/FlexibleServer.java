package com.silenttalk.automation.azure.flexibleserver;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.regex.Pattern;

/** Where Flexible Servers live: the ARM resource paths the adapters call. */
public record FlexibleServer(String subscriptionId, String resourceGroup) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._()-]{1,90}");

    public FlexibleServer {
        if (subscriptionId == null || !SEGMENT.matcher(subscriptionId).matches()) {
            throw new InvalidFieldException("AZURE_SUBSCRIPTION_ID", "must be a subscription id, got " + UntrustedText.quoted(subscriptionId));
        }
        if (resourceGroup == null || !SEGMENT.matcher(resourceGroup).matches()) {
            throw new InvalidFieldException("ST_RESOURCE_GROUP", "must be a resource group name, got " + UntrustedText.quoted(resourceGroup));
        }
    }

    public String serverPath(String server) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/" + server;
    }

    public String backupPath(String server, String backup) {
        return serverPath(server) + "/backups/" + backup;
    }
}

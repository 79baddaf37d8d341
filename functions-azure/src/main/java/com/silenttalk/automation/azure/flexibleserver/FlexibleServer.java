package com.silenttalk.automation.azure.flexibleserver;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Flexible Servers live: the ARM resource paths the adapters call. A server may live in another subscription or
 * resource group than the function app's ({@code elsewhere}, from ST_DATABASES's {@code server@subscription/group}):
 * every path of that server names its own.
 */
public record FlexibleServer(String subscriptionId, String resourceGroup, Map<String, Location> elsewhere) {
    /** A subscription and resource group: the two ARM path segments above a server. */
    public record Location(String subscriptionId, String resourceGroup) {
        public Location {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(resourceGroup, "resourceGroup");
        }
    }

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._()-]{1,90}");

    /** Every server in one subscription and resource group. */
    public FlexibleServer(String subscriptionId, String resourceGroup) {
        this(subscriptionId, resourceGroup, Map.of());
    }

    public FlexibleServer {
        elsewhere = Map.copyOf(elsewhere);
        if (subscriptionId == null || !SEGMENT.matcher(subscriptionId).matches()) {
            throw new InvalidFieldException("AZURE_SUBSCRIPTION_ID", "must be a subscription id, got " + UntrustedText.quoted(subscriptionId));
        }
        if (resourceGroup == null || !SEGMENT.matcher(resourceGroup).matches()) {
            throw new InvalidFieldException("ST_RESOURCE_GROUP", "must be a resource group name, got " + UntrustedText.quoted(resourceGroup));
        }
    }

    public String serverPath(String server) {
        Location at = locationOf(server);
        return "/subscriptions/" + at.subscriptionId() + "/resourceGroups/" + at.resourceGroup()
                + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/" + server;
    }

    public Location locationOf(String server) {
        Location at = elsewhere.get(server);
        return at != null ? at : new Location(subscriptionId, resourceGroup);
    }

    public String backupPath(String server, String backup) {
        return serverPath(server) + "/backups/" + backup;
    }
}

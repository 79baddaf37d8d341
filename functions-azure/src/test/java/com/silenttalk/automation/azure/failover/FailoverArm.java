package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;

/**
 * ARM bodies for the failover adapters, shaped as the REST references and their examples document
 * them: a Flexible Server with {@code properties.replica} (Servers - Get, 2024-08-01), Front Door
 * origins (AFD Origins - List By Origin Group, 2024-02-01) and a Redis linked server
 * (Linked Server - Get, 2024-11-01).
 */
final class FailoverArm {
    static final String RG = TestAzure.RESOURCE_GROUP;
    static final String SUB = TestAzure.SUBSCRIPTION;

    private FailoverArm() {
    }

    /** A Flexible Server as "Servers - Get" returns it; {@code role} is Primary, AsyncReplica, GeoAsyncReplica or None. */
    static String server(String name, String state, String role, String replicationState) {
        String replication = replicationState == null ? "" : ", \"replicationState\": \"" + replicationState + "\"";
        String source = role.endsWith("Replica")
                ? "\"sourceServerResourceId\": \"" + TestAzure.SERVERS.serverPath("orders-weu") + "\", \"replicationRole\": \"" + role + "\","
                : "";
        return """
                {"sku": {"name": "Standard_D4ds_v5", "tier": "GeneralPurpose"},
                 "properties": {"fullyQualifiedDomainName": "%s.postgres.database.azure.com", "version": "16",
                   "minorVersion": "8", "administratorLogin": "stadmin", "state": "%s", "availabilityZone": "1",
                   "storage": {"storageSizeGB": 512, "autoGrow": "Disabled", "tier": "P20", "iops": 2300},
                   "backup": {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled"},
                   "network": {"publicNetworkAccess": "Disabled"},
                   "highAvailability": {"mode": "Disabled", "state": "NotEnabled"},
                   %s
                   "replica": {"role": "%s", "capacity": %d%s}},
                 "location": "northeurope",
                 "id": "%s", "name": "%s", "type": "Microsoft.DBforPostgreSQL/flexibleServers"}
                """.formatted(name, state, source, role, role.endsWith("Replica") ? 0 : 5, replication,
                TestAzure.SERVERS.serverPath(name), name);
    }

    static String originsPath() {
        return "/subscriptions/" + SUB + "/resourceGroups/" + RG + "/providers/Microsoft.Cdn/profiles/st-edge/originGroups/app/origins";
    }

    static String origin(String name, String host, int priority, String provisioningState) {
        return """
                {"name": "%s", "type": "Microsoft.Cdn/profiles/origingroups/origins", "id": "%s/%s",
                 "properties": {"originGroupName": "app", "hostName": "%s", "httpPort": 80, "httpsPort": 443,
                   "originHostHeader": "%s", "priority": %d, "weight": 1000, "enabledState": "Enabled",
                   "enforceCertificateNameCheck": true, "provisioningState": "%s", "deploymentStatus": "NotStarted"}}
                """.formatted(name, originsPath(), name, host, host, priority, provisioningState);
    }

    static String origins(String... origins) {
        return "{\"value\": [" + String.join(",", origins) + "]}";
    }

    static String linkPath(String cache, String linked) {
        return "/subscriptions/" + SUB + "/resourceGroups/" + RG + "/providers/Microsoft.Cache/redis/" + cache + "/linkedServers/" + linked;
    }

    /** "Linked Server - Get" on {@code cache}: {@code serverRole} is the role of the linked cache. */
    static String linkedServer(String cache, String linked, String serverRole) {
        return """
                {"id": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Cache/Redis/%s/linkedServers/%s",
                 "name": "%s", "type": "Microsoft.Cache/Redis/linkedServers",
                 "properties": {"linkedRedisCacheId": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Cache/Redis/%s",
                   "linkedRedisCacheLocation": "West Europe", "geoReplicatedPrimaryHostName": "%s.geo.redis.cache.windows.net",
                   "primaryHostName": "%s.redis.cache.windows.net", "provisioningState": "Succeeded", "serverRole": "%s"}}
                """.formatted(SUB, RG, cache, linked, linked, SUB, RG, linked, linked, linked, serverRole);
    }

    /** The operation-status URL a provider puts in Azure-AsyncOperation, on the WireMock host. */
    static String asyncOperationUrl(ArmApi api, String provider, String id, String apiVersion) {
        return api.baseUrl() + asyncOperationPath(provider, id) + "?api-version=" + apiVersion;
    }

    static String asyncOperationPath(String provider, String id) {
        return "/subscriptions/" + SUB + "/providers/" + provider + "/locations/northeurope/azureAsyncOperation/" + id;
    }
}

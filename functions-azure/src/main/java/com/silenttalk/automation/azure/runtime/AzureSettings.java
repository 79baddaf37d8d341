package com.silenttalk.automation.azure.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The function app's settings, read once per worker from its application settings. None of
 * them is a secret: storage and ARM are reached with the managed identity, and the drill's
 * database password is named by a Key Vault secret URI, never carried.
 */
public record AzureSettings(
        String subscriptionId,
        String resourceGroup,
        String primaryRegion,
        String pairedRegion,
        List<DatabaseId> databases,
        String backupAccount,
        String pairedAccount,
        String backupContainer,
        String ledgerTable,
        String reportContainer,
        BackupPolicy policy,
        boolean pruneDryRun,
        boolean geoRestore,
        String drillDatabase,
        String drillAdminSecretUri,
        URI armEndpoint,
        URI metricsEndpoint,
        StorageAccount backupStorage,
        StorageAccount pairedStorage,
        Map<DatabaseId, ServerPlacement> placements,
        long chunkedDumpAboveBytes) {

    /**
     * A database larger than this (pg_database_size, read before its window's dump) is dumped in parts by a
     * {@code ChunkedDump} from a point-in-time restore, not in the one 9-minute activity: that reads about 10 GB at a
     * conservative 20 MB/s, so half of it. Smaller ones keep the single dump, which costs no throwaway server.
     */
    public static final long CHUNKED_DUMP_ABOVE_BYTES = 5L << 30;

    /** Where a missing setting is to be set, in every message that names one. */
    static final String NOT_SET = "is not set in the function app's application settings";

    /**
     * Where a Flexible Server lives: its subscription and resource group, the two ARM path segments above it. Reached
     * with the function app's managed identity, which needs a role assignment in each subscription
     * (infra/azure/subscription-backup-role.json).
     */
    public record ServerPlacement(String subscriptionId, String resourceGroup) {
        public ServerPlacement {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(resourceGroup, "resourceGroup");
        }
    }

    private static final Pattern SUBSCRIPTION = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{1,90}");

    /** @param placements per server, its subscription and resource group (the app's own unless ST_DATABASES names others) */
    public AzureSettings {
        databases = List.copyOf(databases);
        Map<DatabaseId, ServerPlacement> complete = new LinkedHashMap<>();
        for (DatabaseId db : databases) {
            complete.put(db, placements.getOrDefault(db, new ServerPlacement(subscriptionId, resourceGroup)));
        }
        placements = Collections.unmodifiableMap(complete);
    }

    /** Every server in the app's own subscription and resource group. */
    public AzureSettings(String subscriptionId, String resourceGroup, String primaryRegion, String pairedRegion,
                         List<DatabaseId> databases, String backupAccount, String pairedAccount, String backupContainer,
                         String ledgerTable, String reportContainer, BackupPolicy policy, boolean pruneDryRun, boolean geoRestore,
                         String drillDatabase, String drillAdminSecretUri, URI armEndpoint, URI metricsEndpoint,
                         StorageAccount backupStorage, StorageAccount pairedStorage) {
        this(subscriptionId, resourceGroup, primaryRegion, pairedRegion, databases, backupAccount, pairedAccount, backupContainer,
                ledgerTable, reportContainer, policy, pruneDryRun, geoRestore, drillDatabase, drillAdminSecretUri, armEndpoint,
                metricsEndpoint, backupStorage, pairedStorage, Map.of(), CHUNKED_DUMP_ABOVE_BYTES);
    }

    /** The server's subscription and resource group. */
    public ServerPlacement placementOf(DatabaseId database) {
        ServerPlacement p = placements.get(database);
        if (p == null) {
            throw new InvalidFieldException("database", UntrustedText.quoted(database)
                    + " is not configured in ST_DATABASES");
        }
        return p;
    }

    public static AzureSettings fromEnv(Map<String, String> env) {
        SettingsReader settings = new SettingsReader(env, NOT_SET);
        List<DatabaseId> databases = new ArrayList<>();
        Map<DatabaseId, ServerPlacement> placements = new LinkedHashMap<>();
        String[] items = settings.required("ST_DATABASES").split(",");
        Map<DatabaseId, Integer> seen = new LinkedHashMap<>();
        int index = -1;
        for (String raw : items) {
            if (raw.isBlank()) {
                continue;
            }
            index++;
            String item = raw.trim();
            int at = item.indexOf('@');
            DatabaseId id;
            try {
                id = new DatabaseId((at < 0 ? item : item.substring(0, at)).trim());
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("ST_DATABASES", e.getMessage());
            }
            Integer before = seen.putIfAbsent(id, index);
            if (before != null) {
                throw new InvalidFieldException("ST_DATABASES[" + index + "]", UntrustedText.quoted(id)
                        + " is also ST_DATABASES[" + before + "]: backups are named by the server, so it must be unique across subscriptions");
            }
            databases.add(id);
            if (at >= 0) {
                placements.put(id, placement(item.substring(at + 1), index, settings));
            }
        }
        if (databases.isEmpty()) {
            throw new InvalidFieldException("ST_DATABASES", "names no Flexible Server");
        }
        String primary = settings.required("ST_PRIMARY_REGION");
        String paired = settings.required("ST_PAIRED_REGION");
        BackupPolicy policy;
        try {
            policy = new BackupPolicy(BackupPolicy.DEFAULT_INTERVAL,
                    Duration.ofDays(settings.wholeNumber("ST_RETENTION_DAYS", 30)), settings.wholeNumber("ST_MIN_VERIFIED_KEPT", 1),
                    List.of(paired));
        } catch (InvalidFieldException e) {
            throw e.under("policy");
        }
        return new AzureSettings(settings.required("AZURE_SUBSCRIPTION_ID"), settings.required("ST_RESOURCE_GROUP"), primary,
                paired, databases, settings.required("ST_BACKUP_ACCOUNT"), settings.required("ST_PAIRED_ACCOUNT"),
                settings.orDefault("ST_BACKUP_CONTAINER", "backups"), settings.orDefault("ST_LEDGER_TABLE", "stledger"),
                settings.orDefault("ST_REPORT_CONTAINER", "drill-reports"), policy,
                settings.bool("ST_PRUNE_DRY_RUN", true), settings.bool("ST_GEO_RESTORE", false),
                settings.orDefault("ST_DRILL_DATABASE", "postgres"), settings.required("ST_DRILL_ADMIN_SECRET_URI"),
                url(settings, "ST_ARM_ENDPOINT", "https://management.azure.com", false),
                // custom metrics go to the region of the resource they describe: the servers, in the primary region
                url(settings, "ST_METRICS_ENDPOINT", "https://" + primary + ".monitoring.azure.com", false),
                storage(settings, settings.required("ST_BACKUP_ACCOUNT"), "ST_BACKUP"),
                storage(settings, settings.required("ST_PAIRED_ACCOUNT"), "ST_PAIRED"), placements,
                settings.nonNegativeLong("ST_CHUNKED_DUMP_ABOVE_BYTES", CHUNKED_DUMP_ABOVE_BYTES, "bytes"));
    }

    /** {@code subscription[/resourceGroup]} after a server's {@code @}; the resource group defaults to ST_RESOURCE_GROUP. */
    private static ServerPlacement placement(String text, int index, SettingsReader settings) {
        String field = "ST_DATABASES[" + index + "]";
        String[] parts = text.split("/", 2);
        String subscription = parts[0].trim();
        if (!SUBSCRIPTION.matcher(subscription).matches()) {
            throw new InvalidFieldException(field + ".subscription", UntrustedText.quoted(subscription)
                    + " is not an Azure subscription id (a GUID; write server@subscription[/resourceGroup])");
        }
        String group = parts.length == 2 ? parts[1].trim() : settings.required("ST_RESOURCE_GROUP");
        if (!RESOURCE_GROUP.matcher(group).matches()) {
            throw new InvalidFieldException(field + ".resourceGroup", UntrustedText.quoted(group)
                    + " is not a resource group name");
        }
        return new ServerPlacement(subscription, group);
    }

    /**
     * The account's public-cloud endpoints, signed in with the managed identity; other clouds
     * (and tests) set {@code <prefix>_BLOB_ENDPOINT} and {@code <prefix>_TABLE_ENDPOINT}.
     */
    private static StorageAccount storage(SettingsReader settings, String name, String prefix) {
        StorageAccount standard = StorageAccount.managedIdentity(name);
        // the managed identity's bearer token is only ever sent over https, so an http endpoint could never work
        return new StorageAccount(name, url(settings, prefix + "_BLOB_ENDPOINT", standard.blobEndpoint(), true).toString(),
                url(settings, prefix + "_TABLE_ENDPOINT", standard.tableEndpoint(), true).toString(), Optional.empty());
    }

    /** An endpoint setting: an absolute http(s) URL with a host, or https only where a bearer token goes. */
    private static URI url(SettingsReader settings, String name, String fallback, boolean httpsOnly) {
        Optional<String> value = settings.optional(name);
        if (value.isEmpty()) {
            return URI.create(fallback);
        }
        URI uri;
        try {
            uri = new URI(value.get().trim());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidFieldException(name, "is not a URL: " + e.getReason());
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null || !(https || (!httpsOnly && "http".equalsIgnoreCase(uri.getScheme())))) {
            throw new InvalidFieldException(name, "must be an " + (httpsOnly ? "https" : "http(s)") + " URL with a host"
                    + (httpsOnly ? " (the storage clients sign in with a bearer token, which is only sent over https)" : ""));
        }
        return uri;
    }
}

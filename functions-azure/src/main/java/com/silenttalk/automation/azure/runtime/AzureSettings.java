package com.silenttalk.automation.azure.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.UntrustedText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        StorageAccount pairedStorage) {

    public AzureSettings {
        databases = List.copyOf(databases);
    }

    public static AzureSettings fromEnv(Map<String, String> env) {
        List<DatabaseId> databases = new ArrayList<>();
        for (String name : required(env, "ST_DATABASES").split(",")) {
            if (!name.isBlank()) {
                try {
                    databases.add(new DatabaseId(name.trim()));
                } catch (InvalidFieldException e) {
                    throw new InvalidFieldException("ST_DATABASES", e.getMessage());
                }
            }
        }
        if (databases.isEmpty()) {
            throw new InvalidFieldException("ST_DATABASES", "names no Flexible Server");
        }
        String primary = required(env, "ST_PRIMARY_REGION");
        String paired = required(env, "ST_PAIRED_REGION");
        BackupPolicy policy;
        try {
            policy = new BackupPolicy(BackupPolicy.DEFAULT_INTERVAL,
                    Duration.ofDays(integer(env, "ST_RETENTION_DAYS", 30)), integer(env, "ST_MIN_VERIFIED_KEPT", 1),
                    List.of(paired));
        } catch (InvalidFieldException e) {
            throw e.under("policy");
        }
        return new AzureSettings(required(env, "AZURE_SUBSCRIPTION_ID"), required(env, "ST_RESOURCE_GROUP"), primary,
                paired, databases, required(env, "ST_BACKUP_ACCOUNT"), required(env, "ST_PAIRED_ACCOUNT"),
                env.getOrDefault("ST_BACKUP_CONTAINER", "backups"), env.getOrDefault("ST_LEDGER_TABLE", "stledger"),
                env.getOrDefault("ST_REPORT_CONTAINER", "drill-reports"), policy,
                bool(env, "ST_PRUNE_DRY_RUN", true), bool(env, "ST_GEO_RESTORE", false),
                env.getOrDefault("ST_DRILL_DATABASE", "postgres"), required(env, "ST_DRILL_ADMIN_SECRET_URI"),
                url(env, "ST_ARM_ENDPOINT", "https://management.azure.com", false),
                // custom metrics go to the region of the resource they describe: the servers, in the primary region
                url(env, "ST_METRICS_ENDPOINT", "https://" + primary + ".monitoring.azure.com", false),
                storage(env, required(env, "ST_BACKUP_ACCOUNT"), "ST_BACKUP"),
                storage(env, required(env, "ST_PAIRED_ACCOUNT"), "ST_PAIRED"));
    }

    /**
     * The account's public-cloud endpoints, signed in with the managed identity; other clouds
     * (and tests) set {@code <prefix>_BLOB_ENDPOINT} and {@code <prefix>_TABLE_ENDPOINT}.
     */
    private static StorageAccount storage(Map<String, String> env, String name, String prefix) {
        StorageAccount standard = StorageAccount.managedIdentity(name);
        // the managed identity's bearer token is only ever sent over https, so an http endpoint could never work
        return new StorageAccount(name, url(env, prefix + "_BLOB_ENDPOINT", standard.blobEndpoint(), true).toString(),
                url(env, prefix + "_TABLE_ENDPOINT", standard.tableEndpoint(), true).toString(), java.util.Optional.empty());
    }

    /** An endpoint setting: an absolute http(s) URL with a host, or https only where a bearer token goes. */
    private static URI url(Map<String, String> env, String name, String fallback, boolean httpsOnly) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return URI.create(fallback);
        }
        URI uri;
        try {
            uri = new URI(value.trim());
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

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(name, "is not set in the function app's application settings");
        }
        return value.trim();
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, "must be a whole number, got " + UntrustedText.quoted(value));
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidFieldException(name, "must be true or false, got " + UntrustedText.quoted(value));
        };
    }
}

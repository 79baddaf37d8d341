package com.silenttalk.automation.azure.runtime;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Where a missing setting is to be set, in every message that names one. */
    static final String NOT_SET = "is not set in the function app's application settings";

    public AzureSettings {
        databases = List.copyOf(databases);
    }

    public static AzureSettings fromEnv(Map<String, String> env) {
        SettingsReader settings = new SettingsReader(env, NOT_SET);
        List<DatabaseId> databases = new ArrayList<>();
        for (String name : settings.required("ST_DATABASES").split(",")) {
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
                storage(settings, settings.required("ST_PAIRED_ACCOUNT"), "ST_PAIRED"));
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

package com.silenttalk.automation.azure.backup;

import com.silenttalk.automation.azure.alerting.AzureMonitorMetrics;
import com.silenttalk.automation.azure.alerting.BackupMetrics;
import com.silenttalk.automation.azure.flexibleserver.AdminPasswords;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.flexibleserver.KeyVaultPasswords;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.StorageAccount;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The backup functions' adapters, built once per worker. */
public record BackupWiring(AzureSettings settings, FlexibleServerBackupStore primary, FlexibleServerDumper dumper,
                           PairedRegionBlobStore paired, BlobCrossAccountCopier copier, RunLedger ledger,
                           BackupMetrics metrics, Clock clock) {

    /**
     * Production: the dump signs in to each Flexible Server over TLS with the administrator password from Key Vault;
     * metrics go to Azure Monitor with the managed identity.
     */
    public static BackupWiring build(AzureSettings settings, AzureClients clients, ArmClient arm,
                                     StorageAccount backupAccount, StorageAccount pairedAccount, Clock clock) {
        return build(settings, clients, arm, backupAccount, pairedAccount,
                new KeyVaultPasswords(clients.credential(), clients.http(), clients.retry()),
                new FlexibleServerDumper.Settings(settings.drillDatabase(), settings.drillAdminSecretUri(), "require",
                        FlexibleServerDumper.FLEXIBLE_SERVER_PORT, settings.chunkedDumpAboveBytes()),
                AzureMonitorMetrics.signedIn(clients, settings.metricsEndpoint(),
                        servers(settings)), clock);
    }

    public static BackupWiring build(AzureSettings settings, AzureClients clients, ArmClient arm,
                                     StorageAccount backupAccount, StorageAccount pairedAccount,
                                     AdminPasswords passwords, FlexibleServerDumper.Settings dump,
                                     AzureMonitorMetrics monitor, Clock clock) {
        BackupBlobs primaryBlobs = new BackupBlobs(clients.container(backupAccount, settings.backupContainer()),
                settings.primaryRegion());
        BackupBlobs pairedBlobs = new BackupBlobs(clients.container(pairedAccount, settings.backupContainer()),
                settings.pairedRegion());
        FlexibleServer servers = servers(settings);
        FlexibleServerDumper dumper = new FlexibleServerDumper(arm, servers, passwords, dump, new BlobDumpExporter(primaryBlobs));
        FlexibleServerBackupStore primary = new FlexibleServerBackupStore(arm, servers, settings.primaryRegion(),
                new HashSet<>(settings.databases()), primaryBlobs, dumper, clock);
        PairedRegionBlobStore paired = new PairedRegionBlobStore(pairedBlobs);
        BlobCrossAccountCopier copier = new BlobCrossAccountCopier(primaryBlobs, paired,
                backupAccount.accountKey().isPresent(), clock);
        RunLedger ledger = new TableRunLedger(clients.table(backupAccount, settings.ledgerTable()));
        return new BackupWiring(settings, primary, dumper, paired, copier, ledger, new BackupMetrics(monitor, paired, clock),
                clock);
    }

    /** The servers' ARM paths: each in its own subscription and resource group (ST_DATABASES's server@subscription/group). */
    public static FlexibleServer servers(AzureSettings settings) {
        Map<String, FlexibleServer.Location> elsewhere = new LinkedHashMap<>();
        settings.placements().forEach((db, at) ->
                elsewhere.put(db.value(), new FlexibleServer.Location(at.subscriptionId(), at.resourceGroup())));
        return new FlexibleServer(settings.subscriptionId(), settings.resourceGroup(), elsewhere);
    }

    /** What a six-hourly run took, and the servers it skipped because their subscription refused the identity. */
    public record Taken(List<TakeSnapshots.Result> results, List<DatabaseId> skipped, List<String> denials) {
        public Taken {
            results = List.copyOf(results);
            skipped = List.copyOf(skipped);
            denials = List.copyOf(denials);
        }
    }

    /**
     * This window's backup of every configured server, subscription by subscription: a subscription whose ARM refuses
     * the identity (403) is one line in {@code denials} and its servers (those after the refusal too) are skipped;
     * the other subscriptions' servers are still backed up.
     */
    public Taken takeEverySubscription(List<DatabaseId> databases, BackupPolicy policy) {
        Map<String, List<DatabaseId>> bySubscription = new LinkedHashMap<>();
        databases.forEach(db ->
                bySubscription.computeIfAbsent(settings.placementOf(db).subscriptionId(), s -> new ArrayList<>()).add(db));
        List<TakeSnapshots.Result> results = new ArrayList<>();
        List<DatabaseId> skipped = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        for (List<DatabaseId> servers : bySubscription.values()) {
            for (int i = 0; i < servers.size(); i++) {
                try {
                    results.addAll(takeSnapshots().execute(List.of(servers.get(i)), policy));
                } catch (SubscriptionDeniedException denied) {
                    denials.add(denied.getMessage());
                    skipped.addAll(servers.subList(i, servers.size()));
                    break;
                }
            }
        }
        return new Taken(results, skipped, denials);
    }

    /** This window's backup of every configured server, claimed in the ledger. */
    public TakeSnapshots takeSnapshots() {
        return new TakeSnapshots(primary, ledger, clock);
    }

    /** The six-hourly fan-out: start a window's orchestration, back up one database, report the window. */
    public BackupWindows windows() {
        return new BackupWindows(settings, takeSnapshots(), primary::dumpInPartsFrom, ledger, metrics, clock);
    }

    /** A finished export's copy to the paired region, verified there. */
    public ReplicateSnapshot replicate() {
        return new ReplicateSnapshot(copier, ledger, clock);
    }

    /** Both regions pruned together by the retention plan. */
    public PruneSnapshots prune() {
        return new PruneSnapshots(List.of(primary, paired), ledger, clock);
    }

    /** The production wiring from the function app's settings and clients (the worker's, or opsctl invoke's). */
    public static BackupWiring of(AzureSettings settings, AzureClients clients, Clock clock) {
        return build(settings, clients, Worker.arm(settings, clients), settings.backupStorage(), settings.pairedStorage(), clock);
    }

    private static final class Production {
        static final BackupWiring INSTANCE = of(Worker.settings(), Worker.clients(), Worker.clock());
    }

    public static BackupWiring production() {
        return Production.INSTANCE;
    }
}

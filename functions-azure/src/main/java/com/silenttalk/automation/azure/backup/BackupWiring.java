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
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;

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
                        FlexibleServerDumper.FLEXIBLE_SERVER_PORT),
                AzureMonitorMetrics.signedIn(clients, settings.metricsEndpoint(),
                        new FlexibleServer(settings.subscriptionId(), settings.resourceGroup())), clock);
    }

    public static BackupWiring build(AzureSettings settings, AzureClients clients, ArmClient arm,
                                     StorageAccount backupAccount, StorageAccount pairedAccount,
                                     AdminPasswords passwords, FlexibleServerDumper.Settings dump,
                                     AzureMonitorMetrics monitor, Clock clock) {
        BackupBlobs primaryBlobs = new BackupBlobs(clients.container(backupAccount, settings.backupContainer()),
                settings.primaryRegion());
        BackupBlobs pairedBlobs = new BackupBlobs(clients.container(pairedAccount, settings.backupContainer()),
                settings.pairedRegion());
        FlexibleServer servers = new FlexibleServer(settings.subscriptionId(), settings.resourceGroup());
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

    /** This window's backup of every configured server, claimed in the ledger. */
    public TakeSnapshots takeSnapshots() {
        return new TakeSnapshots(primary, ledger, clock);
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

package com.silenttalk.automation.azure.backup;

import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.StorageAccount;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.util.HashSet;

/** The backup functions' adapters, built once per worker. */
public record BackupWiring(AzureSettings settings, FlexibleServerBackupStore primary, PairedRegionBlobStore paired,
                           BlobCrossAccountCopier copier, RunLedger ledger, Clock clock) {

    public static BackupWiring build(AzureSettings settings, AzureClients clients, ArmClient arm,
                                     StorageAccount backupAccount, StorageAccount pairedAccount, Clock clock) {
        BackupBlobs primaryBlobs = new BackupBlobs(clients.container(backupAccount, settings.backupContainer()),
                settings.primaryRegion());
        BackupBlobs pairedBlobs = new BackupBlobs(clients.container(pairedAccount, settings.backupContainer()),
                settings.pairedRegion());
        FlexibleServer servers = new FlexibleServer(settings.subscriptionId(), settings.resourceGroup());
        FlexibleServerBackupStore primary = new FlexibleServerBackupStore(arm, servers, settings.primaryRegion(),
                new HashSet<>(settings.databases()), primaryBlobs, clock);
        PairedRegionBlobStore paired = new PairedRegionBlobStore(pairedBlobs);
        BlobCrossAccountCopier copier = new BlobCrossAccountCopier(primaryBlobs, paired,
                backupAccount.accountKey().isPresent(), clock);
        RunLedger ledger = new TableRunLedger(clients.table(backupAccount, settings.ledgerTable()));
        return new BackupWiring(settings, primary, paired, copier, ledger, clock);
    }

    private static final class Production {
        static final BackupWiring INSTANCE = build(Worker.settings(), Worker.clients(), Worker.arm(),
                Worker.settings().backupStorage(), Worker.settings().pairedStorage(), Worker.clock());
    }

    public static BackupWiring production() {
        return Production.INSTANCE;
    }
}

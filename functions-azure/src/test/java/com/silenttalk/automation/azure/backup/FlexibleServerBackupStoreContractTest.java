package com.silenttalk.automation.azure.backup;

import com.azure.core.util.BinaryData;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.StatefulFlexibleServerBackups;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotStoreContract;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Flexible Server's on-demand backups keep the snapshot store contract: ARM creates them asynchronously, and a
 * backup counts once its logical dump (written here as the dumper leaves it, with its metadata) is in azurite.
 */
@ExtendWith(Azurite.class)
class FlexibleServerBackupStoreContractTest extends SnapshotStoreContract {
    private static final Instant COMPLETED = NOW.minusSeconds(30);
    private StatefulFlexibleServerBackups arm;
    private FlexibleServerBackupStore store;

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        arm = new StatefulFlexibleServerBackups(ORDERS.value());
        AzureClients clients = TestAzure.clients();
        var container = clients.container(accounts.primary(), "backups-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        BackupBlobs blobs = new BackupBlobs(container, "westeurope");
        store = new FlexibleServerBackupStore(TestAzure.arm(clients, arm.baseUrl(), new TestAzure.RecordingSleeper(), 2),
                TestAzure.SERVERS, "westeurope", Set.of(ORDERS), blobs, (database, id) -> {
                    blobs.dump(id).upload(BinaryData.fromString("dump of " + id), true);
                    blobs.dump(id).setMetadata(Map.of(BackupBlobs.META_DATABASE, database.value(),
                            BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE,
                            BackupBlobs.META_CREATED_AT, COMPLETED.toString()));
                    SnapshotManifest manifest = new SnapshotManifest(id, database, COMPLETED, "16", "fingerprint",
                            Map.of(), "0".repeat(64), 0);
                    blobs.putManifest(manifest);
                    return manifest;
                }, new ManualClock(NOW));
    }

    @AfterEach
    void stop() {
        arm.close();
    }

    @Override
    protected SnapshotStore store() {
        return store;
    }

    @Override
    protected boolean takesSnapshots() {
        return true;
    }

    @Override
    protected void finishCreating(SnapshotId id) {
        arm.finishCreating(id.value(), COMPLETED);
    }

    @Override
    protected void putForeign(SnapshotId id) {
        arm.putOnDemand(id.value(), NOW.minusSeconds(86_400));
    }
}

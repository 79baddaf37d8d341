package com.silenttalk.automation.azure.backup;

import com.azure.core.util.BinaryData;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotStoreContract;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The paired region's copies keep the snapshot store contract: it only receives copies (blobs in azurite with the
 * metadata the cross-account copier leaves on a copy whose checksum matched), it never takes one.
 */
@ExtendWith(Azurite.class)
class PairedRegionBlobStoreContractTest extends SnapshotStoreContract {
    private static final String SHA = "ab".repeat(32);
    private BackupBlobs blobs;
    private PairedRegionBlobStore store;

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        var container = TestAzure.clients().container(accounts.paired(), "copies-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        blobs = new BackupBlobs(container, "northeurope");
        store = new PairedRegionBlobStore(blobs);
    }

    @Override
    protected SnapshotStore store() {
        return store;
    }

    @Override
    protected boolean takesSnapshots() {
        return false;
    }

    @Override
    protected void receiveCopy(DatabaseId database, SnapshotId id, Instant createdAt) {
        Map<String, String> metadata = verifiedCopy(database, createdAt);
        metadata.put(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        metadata.put(BackupBlobs.META_COPIED_FROM, "westeurope/" + id.value());
        upload(id, metadata);
    }

    @Override
    protected void putForeign(SnapshotId id) {
        upload(id, verifiedCopy(ORDERS, NOW.minusSeconds(86_400)));
    }

    private static Map<String, String> verifiedCopy(DatabaseId database, Instant createdAt) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(BackupBlobs.META_DATABASE, database.value());
        metadata.put(BackupBlobs.META_CREATED_AT, createdAt.toString());
        metadata.put(BackupBlobs.META_SHA256, SHA);
        metadata.put(BackupBlobs.META_VERIFIED_COPY, SHA);
        return metadata;
    }

    private void upload(SnapshotId id, Map<String, String> metadata) {
        blobs.dump(id).upload(BinaryData.fromString("copy of " + id), true);
        blobs.dump(id).setMetadata(metadata);
    }
}

package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.aws.testing.StatefulRdsSnapshots;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotStoreContract;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** RDS manual snapshots keep the snapshot store contract: snapshots are created asynchronously ("creating"). */
class RdsSnapshotStoreContractTest extends SnapshotStoreContract {
    private StatefulRdsSnapshots rds;
    private AwsClients clients;
    private RdsSnapshotStore store;

    @BeforeEach
    void start() {
        rds = new StatefulRdsSnapshots(TestAws.PRIMARY, NOW.minusSeconds(30));
        clients = TestAws.clients(rds.endpoint());
        store = new RdsSnapshotStore(clients.rds(TestAws.PRIMARY), TestAws.PRIMARY, TestAws.ACCOUNT,
                Map.of(ORDERS, RdsKind.INSTANCE), ManifestSource.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        clients.close();
        rds.close();
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
        rds.finishCreating(id.value());
    }

    @Override
    protected void putForeign(SnapshotId id) {
        rds.put(id.value(), ORDERS.value(), NOW.minusSeconds(86_400), Map.of());
    }
}

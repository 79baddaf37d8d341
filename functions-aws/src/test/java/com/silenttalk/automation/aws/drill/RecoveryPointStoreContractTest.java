package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.aws.testing.StatefulBackupVault;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The DR vault's recovery points keep the snapshot store contract (AWS Backup's REST-JSON protocol, a stateful vault on
 * WireMock): the backup plan's copy jobs bring them, named by their ARN; the suite never takes or deletes one, and a
 * verification mark is a tag on the recovery point.
 */
class RecoveryPointStoreContractTest extends SnapshotStoreContract {
    private static final String VAULT = "silenttalk-production-dr";
    private StatefulBackupVault vault;
    private AwsClients clients;
    private RecoveryPointStore store;

    @BeforeEach
    void start() {
        vault = new StatefulBackupVault(VAULT);
        clients = TestAws.clients(vault.endpoint());
        store = new RecoveryPointStore(() -> clients.backup(TestAws.DR), TestAws.DR, VAULT, TestAws.PRIMARY, TestAws.ACCOUNT,
                Map.of(ORDERS, RdsKind.INSTANCE), ManifestSource.NONE, Duration.ofHours(6));
    }

    @AfterEach
    void stop() {
        clients.close();
        vault.close();
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
    protected boolean suiteOwnsWhatArrives() {
        return false;
    }

    @Override
    protected void receiveCopy(DatabaseId database, SnapshotId id, Instant createdAt) {
        vault.put("arn:aws:rds:" + TestAws.DR + ":" + TestAws.ACCOUNT + ":snapshot:awsbackup:copyjob-" + id.value(),
                store.resourceArn(database), createdAt);
    }

    @Override
    protected void putForeign(SnapshotId id) {
        receiveCopy(ORDERS, id, NOW.minusSeconds(86_400)); // every recovery point is the backup plan's, none the suite's
    }
}

package com.silenttalk.automation.aws.drill;

import static com.silenttalk.automation.aws.testing.RdsApi.clusterMember;
import static com.silenttalk.automation.aws.testing.RdsApi.clusterNotFound;
import static com.silenttalk.automation.aws.testing.RdsApi.dbCluster;
import static com.silenttalk.automation.aws.testing.RdsApi.dbClusterSnapshot;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusterSnapshots;
import static com.silenttalk.automation.aws.testing.RdsApi.describeClusters;
import static com.silenttalk.automation.aws.testing.RdsApi.describeInstances;
import static com.silenttalk.automation.aws.testing.RdsApi.instanceNotFound;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aurora cluster drills against WireMock speaking the RDS Query protocol. */
class RdsClusterRestorerTest {
    static final String NAME = "drill-chat-20260301t0200z";
    static final String WRITER = NAME + "-writer";
    static final Snapshot REPLICA = new Snapshot(new SnapshotId("st-auto-chat-20260301t0000z"), new DatabaseId("chat"),
            TestAws.DR, Instant.parse("2026-03-01T00:00:00Z"), true, VerificationStatus.UNVERIFIED, Optional.empty());
    static final String ENDPOINT = NAME + ".cluster-abc.eu-central-1.rds.amazonaws.com";

    RdsApi api;
    AwsClients clients;
    RdsRestorer restorer;

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        restorer = new RdsRestorer(clients.rds(TestAws.DR), TestAws.DR, TestSettings.DRILL,
                db -> db.value().equals("chat") ? RdsKind.CLUSTER : RdsKind.INSTANCE);
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    @Test
    void restore_whenNoClusterYet_restoresTheSnapshotIntoTheIsolatedSubnetGroupWithItsEngineVersion() {
        api.on("DescribeDBClusters", 404, clusterNotFound(NAME));
        api.on("DescribeDBClusterSnapshots", 200, describeClusterSnapshots(dbClusterSnapshot(REPLICA.id().value(), "chat",
                TestAws.DR, "available", REPLICA.createdAt(), Map.of())));
        api.on("RestoreDBClusterFromSnapshot", 200, response("RestoreDBClusterFromSnapshot",
                dbCluster(NAME, "creating", null, 5432)));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, null, NAME);

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("RestoreDBClusterFromSnapshot")).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("DBClusterIdentifier", NAME)
                    .containsEntry("SnapshotIdentifier", REPLICA.id().value())
                    .containsEntry("Engine", "aurora-postgresql")
                    .containsEntry("EngineVersion", "15.8")
                    .containsEntry("DBSubnetGroupName", "st-drill-isolated")
                    .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", "sg-0drill0000000001")
                    .containsEntry("DeletionProtection", "false");
            assertThat(RdsApi.tags(form)).containsEntry("silenttalk:drill", NAME);
        });
        assertThat(api.requests("CreateDBInstance")).isEmpty();
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
    }

    @Test
    void restore_whenClusterIsAvailableWithoutWriter_createsTheWriterInTheCluster() {
        api.on("DescribeDBClusters", 200, describeClusters(dbCluster(NAME, "available", ENDPOINT, 5432)));
        api.on("DescribeDBInstances", 404, instanceNotFound(WRITER));
        api.on("CreateDBInstance", 200, response("CreateDBInstance", clusterMember(WRITER, NAME, "creating")));

        assertThat(restorer.restore(REPLICA, null, NAME)).isInstanceOf(Progress.Pending.class);

        assertThat(api.requests("CreateDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", WRITER)
                .containsEntry("DBClusterIdentifier", NAME)
                .containsEntry("Engine", "aurora-postgresql")
                .containsEntry("DBInstanceClass", "db.t4g.medium")
                .containsEntry("PubliclyAccessible", "false"));
    }

    @Test
    void restore_whenClusterIsStillCreating_waitsWithoutCreatingTheWriter() {
        api.on("DescribeDBClusters", 200, describeClusters(dbCluster(NAME, "creating", null, 5432)));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, null, NAME);

        assertThat(progress).isInstanceOfSatisfying(Progress.Pending.class,
                p -> assertThat(p.checkAgainAfter()).isEqualTo(RdsRestorer.POLL));
        assertThat(api.requests("CreateDBInstance")).isEmpty();
    }

    @Test
    void restore_whenWriterIsAvailable_returnsTheClusterWriterEndpointAndOnlyTheSecretArn() {
        api.on("DescribeDBClusters", 200, describeClusters(dbCluster(NAME, "available", ENDPOINT, 5433)));
        api.on("DescribeDBInstances", 200, describeInstances(clusterMember(WRITER, NAME, "available")));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, null, NAME);

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, r -> {
            RestoredInstance instance = (RestoredInstance) r.value();
            assertThat(instance.host()).isEqualTo(ENDPOINT);
            assertThat(instance.port()).isEqualTo(5433);
            assertThat(instance.credentialsRef()).isEqualTo(TestSettings.DRILL.masterSecretArn());
            assertThat(instance.details()).containsEntry("writer", WRITER);
        });
    }

    @Test
    void restore_whenClusterRestoreFailed_failsNamingTheCluster() {
        api.on("DescribeDBClusters", 200, describeClusters(dbCluster(NAME, "incompatible-restore", null, 5432)));

        assertThatThrownBy(() -> restorer.restore(REPLICA, null, NAME)).hasMessageContaining(NAME)
                .hasMessageContaining("incompatible-restore");
    }

    @Test
    void tearDown_whenClusterAndWriterExist_deletesBothSkippingFinalSnapshots() {
        api.on("DescribeDBInstances", "DBInstanceIdentifier=" + NAME, 404, instanceNotFound(NAME));
        api.on("DescribeDBInstances", WRITER, 200, describeInstances(clusterMember(WRITER, NAME, "available")));
        api.on("DescribeDBClusters", 200, describeClusters(dbCluster(NAME, "available", ENDPOINT, 5432)));
        api.on("DeleteDBInstance", 200, response("DeleteDBInstance", clusterMember(WRITER, NAME, "deleting")));
        api.on("DeleteDBCluster", 200, response("DeleteDBCluster", dbCluster(NAME, "deleting", ENDPOINT, 5432)));

        assertThat(restorer.tearDown(NAME)).isInstanceOf(Progress.Pending.class);

        assertThat(api.requests("DeleteDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", WRITER).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(api.requests("DeleteDBCluster")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBClusterIdentifier", NAME).containsEntry("SkipFinalSnapshot", "true"));
    }

    @Test
    void tearDown_whenRdsRefusesTheClusterDeleteWhileTheWriterSettles_asksAgainLater() {
        api.on("DescribeDBInstances", 404, instanceNotFound(NAME));
        api.on("DescribeDBClusters", 200, describeClusters(dbCluster(NAME, "available", ENDPOINT, 5432)));
        api.on("DeleteDBCluster", 400, RdsApi.error("InvalidDBClusterStateFault",
                "Cluster cannot be deleted, it still contains DB instances in non-deleting state."));

        Progress<String> progress = restorer.tearDown(NAME);

        assertThat(progress).isInstanceOfSatisfying(Progress.Pending.class,
                p -> assertThat(p.status()).contains("still contains DB instances"));
        assertThat(api.requests("DeleteDBCluster")).hasSize(1);
    }

    @Test
    void tearDown_whenClusterIsGone_isDone() {
        api.on("DescribeDBInstances", 404, instanceNotFound(NAME));
        api.on("DescribeDBClusters", 404, clusterNotFound(NAME));

        assertThat(restorer.tearDown(NAME)).isEqualTo(Progress.ready(NAME));
        assertThat(api.requests("DeleteDBCluster")).isEmpty();
        assertThat(api.requests("DeleteDBInstance")).isEmpty();
    }
}

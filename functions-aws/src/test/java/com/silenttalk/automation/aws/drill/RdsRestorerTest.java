package com.silenttalk.automation.aws.drill;

import static com.silenttalk.automation.aws.testing.RdsApi.dbInstance;
import static com.silenttalk.automation.aws.testing.RdsApi.describeInstances;
import static com.silenttalk.automation.aws.testing.RdsApi.instanceNotFound;
import static com.silenttalk.automation.aws.testing.RdsApi.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RdsRestorerTest {
    static final AwsSettings.Drill DRILL = new AwsSettings.Drill("st-drill-isolated", List.of("sg-0drill0000000001"),
            "db.t4g.medium", "silenttalk", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-master-AbCdEf");
    static final Snapshot REPLICA = new Snapshot(new SnapshotId("st-auto-orders-20260301t0600z"), new DatabaseId("orders"),
            TestAws.DR, Instant.parse("2026-03-01T06:00:00Z"), true, VerificationStatus.UNVERIFIED, Optional.empty());

    RdsApi api;
    AwsClients clients;
    RdsRestorer restorer;

    @BeforeEach
    void start() {
        api = new RdsApi();
        clients = TestAws.clients(api.endpoint());
        restorer = new RdsRestorer(clients.rds(TestAws.DR), TestAws.DR, DRILL);
    }

    @AfterEach
    void stop() {
        clients.close();
        api.close();
    }

    @Test
    void restore_whenNoInstanceYet_restoresIntoTheIsolatedSubnetGroupAndSecurityGroup() {
        api.on("DescribeDBInstances", 404, instanceNotFound("drill-run1"));
        api.on("RestoreDBInstanceFromDBSnapshot", 200, response("RestoreDBInstanceFromDBSnapshot",
                dbInstance("drill-run1", "creating", null)));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, null, "drill-run1");

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", "drill-run1")
                .containsEntry("DBSnapshotIdentifier", REPLICA.id().value())
                .containsEntry("DBSubnetGroupName", "st-drill-isolated")
                .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", "sg-0drill0000000001")
                .containsEntry("PubliclyAccessible", "false"));
    }

    @Test
    void restore_whenInstanceIsAvailable_returnsItsEndpointAndOnlyTheSecretArn() {
        api.on("DescribeDBInstances", 200, describeInstances(
                dbInstance("drill-run1", "available", "drill-run1.abc.eu-central-1.rds.amazonaws.com")));

        Progress<RestoredInstance> progress = restorer.restore(REPLICA, null, "drill-run1");

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, r -> {
            RestoredInstance instance = (RestoredInstance) r.value();
            assertThat(instance.host()).isEqualTo("drill-run1.abc.eu-central-1.rds.amazonaws.com");
            assertThat(instance.port()).isEqualTo(5432);
            assertThat(instance.credentialsRef()).isEqualTo(DRILL.masterSecretArn());
        });
        assertThat(api.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
    }

    @Test
    void tearDown_whenInstanceExists_deletesItSkippingTheFinalSnapshot() {
        api.on("DescribeDBInstances", 200, describeInstances(dbInstance("drill-run1", "available", "h")));
        api.on("DeleteDBInstance", 200, response("DeleteDBInstance", dbInstance("drill-run1", "deleting", "h")));

        Progress<String> progress = restorer.tearDown("drill-run1");

        assertThat(progress).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("DeleteDBInstance")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("DBInstanceIdentifier", "drill-run1")
                .containsEntry("SkipFinalSnapshot", "true"));
    }

    @Test
    void tearDown_whenInstanceIsGone_isDoneWithoutDeleting() {
        api.on("DescribeDBInstances", 404, instanceNotFound("drill-run1"));
        api.on("DescribeDBClusters", 404, RdsApi.clusterNotFound("drill-run1"));

        assertThat(restorer.tearDown("drill-run1")).isEqualTo(Progress.ready("drill-run1"));
        assertThat(api.requests("DeleteDBInstance")).isEmpty();
    }

    @Test
    void tearDown_whenInstanceIsStillCreating_asksAgainLater() {
        api.on("DescribeDBInstances", 200, describeInstances(dbInstance("drill-run1", "creating", null)));
        api.on("DeleteDBInstance", 400, RdsApi.error("InvalidDBInstanceState",
                "Instance drill-run1 is not in available state."));

        assertThat(restorer.tearDown("drill-run1")).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("DeleteDBInstance")).hasSize(1);
    }
}

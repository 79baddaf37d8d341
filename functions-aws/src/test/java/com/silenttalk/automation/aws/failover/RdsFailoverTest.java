package com.silenttalk.automation.aws.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RDS failover against WireMock speaking the RDS Query protocol: form-encoded actions, documented XML. */
class RdsFailoverTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private static final String GLOBAL = "silenttalk-global";
    private static final String PRIMARY_ARN = "arn:aws:rds:eu-west-1:123456789012:cluster:st-eu-west-1";
    private static final String SECONDARY_ARN = "arn:aws:rds:eu-central-1:123456789012:cluster:st-eu-central-1";

    private final RdsApi rds = new RdsApi();
    private final AwsClients clients = TestAws.clients(rds.endpoint());
    private final List<RdsTopology.Node> probed = new ArrayList<>();

    @AfterEach
    void stop() {
        rds.close();
        clients.close();
    }

    private RdsFailover failover(RdsTopology topology) {
        return new RdsFailover(topology, clients::rds, probed::add);
    }

    private static FailoverPlan plan(String from, String to, boolean planned, boolean allowDataLoss) {
        return new FailoverPlan("db-gen1", "db", from, to, planned, allowDataLoss, T0, T0.plusSeconds(1800), List.of("test"));
    }

    private static String instance(String id, String status, String az, String replicaSource) {
        return RdsApi.response("DescribeDBInstances", "    <DBInstances>\n      <DBInstance>\n        <DBInstanceIdentifier>" + id
                + "</DBInstanceIdentifier>\n        <DBInstanceStatus>" + status + "</DBInstanceStatus>\n        <AvailabilityZone>" + az
                + "</AvailabilityZone>\n        <MultiAZ>true</MultiAZ>\n"
                + (replicaSource == null ? "" : "        <ReadReplicaSourceDBInstanceIdentifier>" + replicaSource + "</ReadReplicaSourceDBInstanceIdentifier>\n")
                + "      </DBInstance>\n    </DBInstances>");
    }

    private static String global(boolean secondaryWrites, String failoverStatus) {
        return RdsApi.response("DescribeGlobalClusters", "    <GlobalClusters>\n      <GlobalClusterMember>\n"
                + "        <GlobalClusterIdentifier>" + GLOBAL + "</GlobalClusterIdentifier>\n        <Status>available</Status>\n"
                + "        <Engine>aurora-postgresql</Engine>\n        <GlobalClusterMembers>\n"
                + "          <GlobalClusterMember><DBClusterArn>" + PRIMARY_ARN + "</DBClusterArn><IsWriter>" + !secondaryWrites + "</IsWriter></GlobalClusterMember>\n"
                + "          <GlobalClusterMember><DBClusterArn>" + SECONDARY_ARN + "</DBClusterArn><IsWriter>" + secondaryWrites + "</IsWriter></GlobalClusterMember>\n"
                + "        </GlobalClusterMembers>\n"
                + (failoverStatus == null ? "" : "        <FailoverState><Status>" + failoverStatus + "</Status><FromDbClusterArn>" + PRIMARY_ARN
                        + "</FromDbClusterArn><ToDbClusterArn>" + SECONDARY_ARN + "</ToDbClusterArn></FailoverState>\n")
                + "      </GlobalClusterMember>\n    </GlobalClusters>");
    }

    private static RdsTopology aurora() {
        return new RdsTopology(RdsTopology.Mode.AURORA_GLOBAL, Map.of("primary", new RdsTopology.Node("eu-west-1", PRIMARY_ARN),
                "secondary", new RdsTopology.Node("eu-central-1", SECONDARY_ARN)), GLOBAL);
    }

    @Test
    void promote_multiAz_rebootsWithForceFailoverOnce_thenReportsTheNewZone() {
        RdsTopology t = new RdsTopology(RdsTopology.Mode.MULTI_AZ, Map.of(
                "eu-west-1a", new RdsTopology.Node("eu-west-1", "silenttalk-db", "eu-west-1a"),
                "eu-west-1b", new RdsTopology.Node("eu-west-1", "silenttalk-db", "eu-west-1b")), null);
        rds.sequence("DescribeDBInstances", List.of(
                new RdsApi.Answer(200, instance("silenttalk-db", "available", "eu-west-1a", null)),
                new RdsApi.Answer(200, instance("silenttalk-db", "rebooting", "eu-west-1a", null)),
                new RdsApi.Answer(200, instance("silenttalk-db", "available", "eu-west-1b", null))));
        rds.on("RebootDBInstance", 200, RdsApi.response("RebootDBInstance", "<DBInstance><DBInstanceIdentifier>silenttalk-db</DBInstanceIdentifier><DBInstanceStatus>rebooting</DBInstanceStatus></DBInstance>"));
        RdsFailover f = failover(t);
        FailoverPlan plan = plan("eu-west-1a", "eu-west-1b", false, false);

        assertThat(f.promote(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(f.promote(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(f.promote(plan)).isInstanceOf(Progress.Ready.class);

        List<Map<String, String>> reboots = rds.requests("RebootDBInstance");
        assertThat(reboots).hasSize(1);
        assertThat(reboots.get(0)).containsEntry("DBInstanceIdentifier", "silenttalk-db").containsEntry("ForceFailover", "true");
    }

    @Test
    void promote_readReplica_promotesOnceAndFencesTheOldPrimaryByStoppingIt() {
        RdsTopology t = new RdsTopology(RdsTopology.Mode.READ_REPLICA, Map.of(
                "primary", new RdsTopology.Node("eu-west-1", "st-db"), "replica", new RdsTopology.Node("eu-central-1", "st-db-dr")), null);
        // The old primary's describe, told apart from the replica's by the exact identifier parameter.
        rds.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/").atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matching(".*Action=DescribeDBInstances&.*"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matching(".*DBInstanceIdentifier=st-db(&.*)?"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/xml").withBody(instance("st-db", "available", "eu-west-1a", null))));
        rds.sequence("DescribeDBInstances", List.of(
                new RdsApi.Answer(200, instance("st-db-dr", "available", "eu-central-1a", "arn:aws:rds:eu-west-1:123456789012:db:st-db")),
                new RdsApi.Answer(200, instance("st-db-dr", "modifying", "eu-central-1a", "arn:aws:rds:eu-west-1:123456789012:db:st-db")),
                new RdsApi.Answer(200, instance("st-db-dr", "available", "eu-central-1a", null))));
        rds.on("StopDBInstance", 200, RdsApi.response("StopDBInstance", "<DBInstance><DBInstanceIdentifier>st-db</DBInstanceIdentifier></DBInstance>"));
        rds.on("PromoteReadReplica", 200, RdsApi.response("PromoteReadReplica", "<DBInstance><DBInstanceIdentifier>st-db-dr</DBInstanceIdentifier></DBInstance>"));
        RdsFailover f = failover(t);
        FailoverPlan plan = plan("primary", "replica", false, false);

        assertThat(f.fence(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(rds.requests("StopDBInstance")).singleElement().satisfies(r -> assertThat(r).containsEntry("DBInstanceIdentifier", "st-db"));
        assertThat(f.promote(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(f.promote(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(f.promote(plan)).isInstanceOf(Progress.Ready.class);
        assertThat(rds.requests("PromoteReadReplica")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("DBInstanceIdentifier", "st-db-dr"));
    }

    @Test
    void promote_auroraPlannedSwitchover_neverSendsAllowDataLoss() {
        rds.sequence("DescribeGlobalClusters", List.of(new RdsApi.Answer(200, global(false, null)),
                new RdsApi.Answer(200, global(false, "switching-over")), new RdsApi.Answer(200, global(true, null))));
        rds.on("SwitchoverGlobalCluster", 200, RdsApi.response("SwitchoverGlobalCluster", "<GlobalCluster><GlobalClusterIdentifier>" + GLOBAL + "</GlobalClusterIdentifier></GlobalCluster>"));
        RdsFailover f = failover(aurora());
        FailoverPlan plan = plan("primary", "secondary", true, false);

        assertThat(f.promote(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(f.promote(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(f.promote(plan)).isInstanceOf(Progress.Ready.class);

        assertThat(rds.requests("SwitchoverGlobalCluster")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("GlobalClusterIdentifier", GLOBAL).containsEntry("TargetDbClusterIdentifier", SECONDARY_ARN));
        assertThat(rds.requests("FailoverGlobalCluster")).isEmpty();
        assertThat(rds.allRequests()).noneMatch(r -> r.containsKey("AllowDataLoss"));
    }

    @Test
    void promote_auroraForcedWithoutOperatorConsent_asksForASwitchoverNotDataLoss() {
        rds.on("DescribeGlobalClusters", 200, global(false, null));
        rds.on("FailoverGlobalCluster", 200, RdsApi.response("FailoverGlobalCluster", "<GlobalCluster><GlobalClusterIdentifier>" + GLOBAL + "</GlobalClusterIdentifier></GlobalCluster>"));

        failover(aurora()).promote(plan("primary", "secondary", false, false));

        assertThat(rds.requests("FailoverGlobalCluster")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("Switchover", "true").doesNotContainKey("AllowDataLoss"));
    }

    @Test
    void promote_auroraForcedWithAllowDataLoss_sendsIt() {
        rds.on("DescribeGlobalClusters", 200, global(false, null));
        rds.on("FailoverGlobalCluster", 200, RdsApi.response("FailoverGlobalCluster", "<GlobalCluster><GlobalClusterIdentifier>" + GLOBAL + "</GlobalClusterIdentifier></GlobalCluster>"));

        failover(aurora()).promote(plan("primary", "secondary", false, true));

        assertThat(rds.requests("FailoverGlobalCluster")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("AllowDataLoss", "true").containsEntry("TargetDbClusterIdentifier", SECONDARY_ARN)
                .doesNotContainKey("Switchover"));
    }

    @Test
    void promote_whenThrottled_retriesWithinTheBounds() {
        RdsTopology t = new RdsTopology(RdsTopology.Mode.READ_REPLICA, Map.of(
                "primary", new RdsTopology.Node("eu-west-1", "st-db"), "replica", new RdsTopology.Node("eu-central-1", "st-db-dr")), null);
        rds.sequence("DescribeDBInstances", List.of(new RdsApi.Answer(400, RdsApi.THROTTLING), new RdsApi.Answer(400, RdsApi.THROTTLING),
                new RdsApi.Answer(200, instance("st-db-dr", "available", "eu-central-1a", null))));

        assertThat(failover(t).promote(plan("primary", "replica", false, false))).isInstanceOf(Progress.Ready.class);
        assertThat(rds.requests("DescribeDBInstances")).hasSize(3);
    }

    @Test
    void promote_whenTheReplicaIsGone_failsSoTheWorkflowHalts() {
        RdsTopology t = new RdsTopology(RdsTopology.Mode.READ_REPLICA, Map.of(
                "primary", new RdsTopology.Node("eu-west-1", "st-db"), "replica", new RdsTopology.Node("eu-central-1", "st-db-dr")), null);
        rds.on("DescribeDBInstances", 404, RdsApi.instanceNotFound("st-db-dr"));

        assertThatThrownBy(() -> failover(t).promote(plan("primary", "replica", false, false)))
                .hasMessageContaining("st-db-dr").hasMessageContaining("not found");
    }

    @Test
    void verifyWrites_goesThroughTheWriteProbe() {
        failover(aurora()).verifyWrites("secondary");

        assertThat(probed).extracting(RdsTopology.Node::identifier).containsExactly(SECONDARY_ARN);
    }
}

package com.silenttalk.automation.aws.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.TestFailoverNotAvailableException;

/**
 * ElastiCache replication group and global datastore failover against WireMock speaking the
 * ElastiCache Query protocol (version 2015-02-02): form-encoded actions asserted, the documented
 * XML results and error bodies (TestFailoverNotAvailableFault, InvalidReplicationGroupState,
 * InvalidGlobalReplicationGroupState, Throttling) replayed.
 */
class ElastiCacheFailoverTest {
    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private static final String NS = "http://elasticache.amazonaws.com/doc/2015-02-02/";
    private static final String GROUP = "silenttalk-redis";
    private static final String GLOBAL = "ldgnf-silenttalk-global";

    private final RdsApi api = new RdsApi();
    private final AwsClients clients = TestAws.clients(api.endpoint());

    @AfterEach
    void stop() {
        api.close();
        clients.close();
    }

    private static FailoverPlan plan(String from, String to) {
        return new FailoverPlan("orders-gen2", "orders", from, to, false, false, T0, T0.plusSeconds(1800), List.of("test"));
    }

    private ElastiCacheReplicationGroupFailover replicationGroup() {
        return new ElastiCacheReplicationGroupFailover(clients.elastiCache(TestAws.PRIMARY), new ElastiCacheReplicationGroupFailover.Group(
                GROUP, "0001", Map.of("eu-west-1a", GROUP + "-0001-001", "eu-west-1b", GROUP + "-0001-002")));
    }

    private ElastiCacheGlobalDatastoreFailover globalDatastore() {
        return new ElastiCacheGlobalDatastoreFailover(clients::elastiCache, new ElastiCacheGlobalDatastoreFailover.Datastore(GLOBAL, Map.of(
                "primary", new ElastiCacheGlobalDatastoreFailover.Member("eu-west-1", "st-redis-euw1"),
                "secondary", new ElastiCacheGlobalDatastoreFailover.Member("eu-central-1", "st-redis-euc1"))));
    }

    static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"" + NS + "\">\n  <" + action + "Result>\n" + result + "\n  </" + action
                + "Result>\n  <ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>\n</" + action + "Response>";
    }

    static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>"
                + message + "</Message>\n  </Error>\n  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>";
    }

    /** A replication group with one node group whose primary is {@code primary} (001 or 002). */
    static String group(String action, String status, String primary) {
        String member = """
                <NodeGroupMember>
                  <CacheClusterId>%s-0001-%s</CacheClusterId>
                  <CacheNodeId>0001</CacheNodeId>
                  <PreferredAvailabilityZone>eu-west-1%s</PreferredAvailabilityZone>
                  <CurrentRole>%s</CurrentRole>
                </NodeGroupMember>""";
        return response(action, (action.equals("DescribeReplicationGroups") ? "<ReplicationGroups>" : "") + """
                <ReplicationGroup>
                  <ReplicationGroupId>%s</ReplicationGroupId>
                  <Status>%s</Status>
                  <AutomaticFailover>enabled</AutomaticFailover>
                  <MultiAZ>enabled</MultiAZ>
                  <NodeGroups>
                    <NodeGroup>
                      <NodeGroupId>0001</NodeGroupId>
                      <Status>%s</Status>
                      <NodeGroupMembers>
                """.formatted(GROUP, status, status)
                + member.formatted(GROUP, "001", "a", primary.equals("001") ? "primary" : "replica")
                + member.formatted(GROUP, "002", "b", primary.equals("002") ? "primary" : "replica") + """
                      </NodeGroupMembers>
                    </NodeGroup>
                  </NodeGroups>
                </ReplicationGroup>""" + (action.equals("DescribeReplicationGroups") ? "</ReplicationGroups>" : ""));
    }

    static String global(String status, String primaryGroup) {
        String member = """
                <GlobalReplicationGroupMember>
                  <ReplicationGroupId>%s</ReplicationGroupId>
                  <ReplicationGroupRegion>%s</ReplicationGroupRegion>
                  <Role>%s</Role>
                  <AutomaticFailover>enabled</AutomaticFailover>
                  <Status>associated</Status>
                </GlobalReplicationGroupMember>""";
        return response("DescribeGlobalReplicationGroups", """
                <GlobalReplicationGroups>
                  <GlobalReplicationGroup>
                    <GlobalReplicationGroupId>%s</GlobalReplicationGroupId>
                    <Status>%s</Status>
                    <Engine>redis</Engine>
                    <Members>
                """.formatted(GLOBAL, status)
                + member.formatted("st-redis-euw1", "eu-west-1", primaryGroup.equals("st-redis-euw1") ? "PRIMARY" : "SECONDARY")
                + member.formatted("st-redis-euc1", "eu-central-1", primaryGroup.equals("st-redis-euc1") ? "PRIMARY" : "SECONDARY") + """
                    </Members>
                  </GlobalReplicationGroup>
                </GlobalReplicationGroups>""");
    }

    @Test
    void switchTo_replicationGroup_startsOneTestFailoverOnTheNodeGroupThenPollsUntilTheReplicaIsPrimary() {
        api.sequence("DescribeReplicationGroups", List.of(
                new RdsApi.Answer(200, group("DescribeReplicationGroups", "available", "001")),
                new RdsApi.Answer(200, group("DescribeReplicationGroups", "modifying", "002")),
                new RdsApi.Answer(200, group("DescribeReplicationGroups", "available", "002"))));
        api.on("TestFailover", 200, group("TestFailover", "modifying", "001"));
        ElastiCacheReplicationGroupFailover cache = replicationGroup();
        FailoverPlan plan = plan("eu-west-1a", "eu-west-1b");

        Progress<String> first = cache.switchTo(plan);
        Progress<String> second = cache.switchTo(plan);
        Progress<String> third = cache.switchTo(plan);

        assertThat(first).isInstanceOf(Progress.Pending.class);
        assertThat(second).isInstanceOf(Progress.Pending.class);
        assertThat(third).isEqualTo(Progress.ready(GROUP + " node group 0001 primary is " + GROUP + "-0001-002"));
        assertThat(api.requests("TestFailover")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("ReplicationGroupId", GROUP).containsEntry("NodeGroupId", "0001")
                .containsEntry("Version", "2015-02-02"));
        assertThat(api.requests("DescribeReplicationGroups")).hasSize(3)
                .allSatisfy(form -> assertThat(form).containsEntry("ReplicationGroupId", GROUP));
    }

    @Test
    void switchTo_replicationGroup_whenThePrimaryAlreadyMoved_sendsNoTestFailover() {
        api.on("DescribeReplicationGroups", 200, group("DescribeReplicationGroups", "available", "002"));

        assertThat(replicationGroup().switchTo(plan("eu-west-1a", "eu-west-1b"))).isInstanceOf(Progress.Ready.class);
        assertThat(api.requests("TestFailover")).isEmpty();
    }

    @Test
    void switchTo_replicationGroup_whenTheGroupIsBusy_waitsWithoutFailingOver() {
        api.on("DescribeReplicationGroups", 200, group("DescribeReplicationGroups", "available", "001"));
        api.on("TestFailover", 400, error("InvalidReplicationGroupState", "Replication group must be in available state"));

        Progress<String> p = replicationGroup().switchTo(plan("eu-west-1a", "eu-west-1b"));

        assertThat(p).isInstanceOfSatisfying(Progress.Pending.class, pending -> assertThat(pending.status()).contains("busy"));
        assertThat(api.requests("TestFailover")).hasSize(1);
    }

    @Test
    void switchTo_replicationGroup_whenModifying_pollsAndSendsNoTestFailover() {
        api.on("DescribeReplicationGroups", 200, group("DescribeReplicationGroups", "snapshotting", "001"));

        assertThat(replicationGroup().switchTo(plan("eu-west-1a", "eu-west-1b"))).isInstanceOf(Progress.Pending.class);
        assertThat(api.requests("TestFailover")).isEmpty();
    }

    @Test
    void switchTo_replicationGroup_whenTestFailoverIsNotAvailable_raisesTheTypedFault() {
        api.on("DescribeReplicationGroups", 200, group("DescribeReplicationGroups", "available", "001"));
        api.on("TestFailover", 400, error("TestFailoverNotAvailableFault",
                "TestFailover is not available for node group 0001 in replication group silenttalk-redis. The daily limit has been reached."));

        assertThatThrownBy(() -> replicationGroup().switchTo(plan("eu-west-1a", "eu-west-1b")))
                .isInstanceOf(TestFailoverNotAvailableException.class).hasMessageContaining("daily limit");
        assertThat(api.requests("TestFailover")).hasSize(1);
    }

    @Test
    void switchTo_replicationGroup_whenThrottled_retriesWithinBoundsThenSucceeds() {
        api.sequence("DescribeReplicationGroups", List.of(
                new RdsApi.Answer(400, error("Throttling", "Rate exceeded")),
                new RdsApi.Answer(400, error("Throttling", "Rate exceeded")),
                new RdsApi.Answer(200, group("DescribeReplicationGroups", "available", "002"))));

        assertThat(replicationGroup().switchTo(plan("eu-west-1a", "eu-west-1b"))).isInstanceOf(Progress.Ready.class);
        assertThat(api.requests("DescribeReplicationGroups")).hasSize(3);
    }

    @Test
    void switchTo_replicationGroup_whenThrottledBeyondTheBound_failsAfterMaxAttempts() {
        api.on("DescribeReplicationGroups", 400, error("Throttling", "Rate exceeded"));

        assertThatThrownBy(() -> replicationGroup().switchTo(plan("eu-west-1a", "eu-west-1b")))
                .isInstanceOf(ElastiCacheException.class).hasMessageContaining("Rate exceeded");
        assertThat(api.requests("DescribeReplicationGroups")).hasSize(TestAws.FAST_RETRY.maxAttempts());
        assertThat(api.requests("TestFailover")).isEmpty();
    }

    @Test
    void switchTo_replicationGroup_whenTheNodeIsNotConfigured_callsNothing() {
        assertThat(replicationGroup().switchTo(plan("elsewhere", "eu-west-1b"))).isInstanceOf(Progress.Ready.class);
        assertThat(api.allRequests()).isEmpty();
    }

    @Test
    void switchTo_globalDatastore_failsOverToTheSecondaryGroupInItsRegionThenPollsUntilPrimary() {
        api.sequence("DescribeGlobalReplicationGroups", List.of(
                new RdsApi.Answer(200, global("available", "st-redis-euw1")),
                new RdsApi.Answer(200, global("modifying", "st-redis-euw1")),
                new RdsApi.Answer(200, global("available", "st-redis-euc1"))));
        api.on("FailoverGlobalReplicationGroup", 200, response("FailoverGlobalReplicationGroup",
                "<GlobalReplicationGroup><GlobalReplicationGroupId>" + GLOBAL + "</GlobalReplicationGroupId><Status>modifying</Status></GlobalReplicationGroup>"));
        ElastiCacheGlobalDatastoreFailover cache = globalDatastore();
        FailoverPlan plan = plan("primary", "secondary");

        assertThat(cache.switchTo(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(cache.switchTo(plan)).isInstanceOf(Progress.Pending.class);
        assertThat(cache.switchTo(plan)).isEqualTo(Progress.ready("st-redis-euc1 in eu-central-1 is the primary of " + GLOBAL));

        assertThat(api.requests("FailoverGlobalReplicationGroup")).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("GlobalReplicationGroupId", GLOBAL).containsEntry("PrimaryRegion", "eu-central-1")
                .containsEntry("PrimaryReplicationGroupId", "st-redis-euc1"));
        assertThat(api.requests("DescribeGlobalReplicationGroups")).allSatisfy(form -> assertThat(form)
                .containsEntry("GlobalReplicationGroupId", GLOBAL).containsEntry("ShowMemberInfo", "true"));
        assertThat(api.server().getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization"))
                .contains("/eu-central-1/elasticache/"));
    }

    @Test
    void switchTo_globalDatastore_whenBusy_waits() {
        api.on("DescribeGlobalReplicationGroups", 200, global("available", "st-redis-euw1"));
        api.on("FailoverGlobalReplicationGroup", 400, error("InvalidGlobalReplicationGroupState",
                "The Global datastore is not in a valid state to perform this operation."));

        assertThat(globalDatastore().switchTo(plan("primary", "secondary"))).isInstanceOf(Progress.Pending.class);
    }

    @Test
    void switchTo_globalDatastore_whenTheTargetIsNotAMember_failsClearly() {
        api.on("DescribeGlobalReplicationGroups", 200, global("available", "st-redis-euw1").replace("st-redis-euc1", "st-redis-other"));

        assertThatThrownBy(() -> globalDatastore().switchTo(plan("primary", "secondary")))
                .hasMessageContaining("st-redis-euc1 is not a member of global datastore " + GLOBAL);
        assertThat(api.requests("FailoverGlobalReplicationGroup")).isEmpty();
    }

    @Test
    void requiredActions_whenListed_nameExactlyTheCallsMade() {
        assertThat(replicationGroup().requiredActions())
                .containsExactlyInAnyOrder("elasticache:DescribeReplicationGroups", "elasticache:TestFailover");
        assertThat(globalDatastore().requiredActions())
                .containsExactlyInAnyOrder("elasticache:DescribeGlobalReplicationGroups", "elasticache:FailoverGlobalReplicationGroup");
    }
}

package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.GlobalReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.GlobalReplicationGroupMember;
import software.amazon.awssdk.services.elasticache.model.InvalidGlobalReplicationGroupStateException;

/**
 * Fails an ElastiCache global datastore over to the secondary region's replication group
 * ({@code FailoverGlobalReplicationGroup}) when the database fails over across regions. The
 * calls go to the target region, which is the one known to be up. Asynchronous: later calls
 * poll {@code DescribeGlobalReplicationGroups} (with member info) until the target group is
 * the PRIMARY member and the datastore is available. Safe to repeat: a datastore whose primary
 * is already the target is not failed over again.
 */
public final class ElastiCacheGlobalDatastoreFailover implements CacheSwitcher {
    static final Duration POLL = Duration.ofSeconds(20);

    /** @param groupByNode failover node name (as in a plan) → the member replication group in that node's region */
    public record Datastore(String globalReplicationGroupId, Map<String, Member> groupByNode) {
        public Datastore {
            if (globalReplicationGroupId == null || globalReplicationGroupId.isBlank()) {
                throw new InvalidFieldException("globalReplicationGroupId", "must not be blank");
            }
            groupByNode = Map.copyOf(groupByNode);
        }
    }

    public record Member(String region, String replicationGroupId) {
        public Member {
            if (region == null || region.isBlank() || replicationGroupId == null || replicationGroupId.isBlank()) {
                throw new InvalidFieldException("member", "needs a region and a replication group id");
            }
        }
    }

    private final Function<String, ElastiCacheClient> clientByRegion;
    private final Datastore datastore;

    public ElastiCacheGlobalDatastoreFailover(Function<String, ElastiCacheClient> clientByRegion, Datastore datastore) {
        this.clientByRegion = clientByRegion;
        this.datastore = datastore;
    }

    @Override
    public Progress<String> switchTo(FailoverPlan plan) {
        Member target = datastore.groupByNode().get(plan.to());
        if (target == null) {
            return Progress.ready("no global datastore member configured next to " + plan.to() + ": cache left as it is");
        }
        ElastiCacheClient client = clientByRegion.apply(target.region());
        GlobalReplicationGroup g = client.describeGlobalReplicationGroups(b -> b
                        .globalReplicationGroupId(datastore.globalReplicationGroupId()).showMemberInfo(true))
                .globalReplicationGroups().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("global datastore " + datastore.globalReplicationGroupId() + " not found"));
        GlobalReplicationGroupMember member = g.members().stream()
                .filter(m -> target.replicationGroupId().equals(m.replicationGroupId())).findFirst()
                .orElseThrow(() -> new IllegalStateException(target.replicationGroupId() + " is not a member of global datastore "
                        + datastore.globalReplicationGroupId()));
        if ("PRIMARY".equalsIgnoreCase(member.role())) {
            return "available".equals(g.status())
                    ? Progress.ready(target.replicationGroupId() + " in " + target.region() + " is the primary of "
                    + datastore.globalReplicationGroupId())
                    : Progress.pending(POLL, datastore.globalReplicationGroupId() + " " + g.status());
        }
        if (!"available".equals(g.status()) && !"primary-only".equals(g.status())) {
            return Progress.pending(POLL, datastore.globalReplicationGroupId() + " " + g.status() + " before the failover");
        }
        try {
            client.failoverGlobalReplicationGroup(b -> b.globalReplicationGroupId(datastore.globalReplicationGroupId())
                    .primaryRegion(target.region()).primaryReplicationGroupId(target.replicationGroupId()));
        } catch (InvalidGlobalReplicationGroupStateException e) {
            return Progress.pending(POLL, datastore.globalReplicationGroupId() + " busy with another change");
        }
        return Progress.pending(POLL, "failover of " + datastore.globalReplicationGroupId() + " to " + target.replicationGroupId()
                + " in " + target.region() + " started");
    }

    @Override
    public List<String> requiredActions() {
        return List.of("elasticache:DescribeGlobalReplicationGroups", "elasticache:FailoverGlobalReplicationGroup");
    }
}

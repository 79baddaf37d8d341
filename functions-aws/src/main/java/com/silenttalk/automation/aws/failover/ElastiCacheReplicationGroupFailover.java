package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Fails an ElastiCache (Redis OSS / Valkey) replication group over within its region with
 * {@code TestFailover} on the configured node group, when the database fails over between
 * availability zones. Asynchronous: the first call starts it, later calls poll
 * {@code DescribeReplicationGroups} until the old primary's node is no longer the primary and
 * the group is available again. Safe to repeat: a group whose primary already moved is not
 * failed over twice. Throttling is retried by the client (bounded, jittered); a group busy
 * with another change ({@code InvalidReplicationGroupState}) is waited for; a refused test
 * failover ({@code TestFailoverNotAvailableFault}, e.g. the daily limit) halts the chain.
 *
 * @see #requiredActions()
 */
public final class ElastiCacheReplicationGroupFailover implements CacheSwitcher {
    static final Duration POLL = Duration.ofSeconds(15);

    /**
     * @param clusterByNode failover node name (as in a plan) → the cache cluster (node group member) next to it
     */
    public record Group(String replicationGroupId, String nodeGroupId, Map<String, String> clusterByNode) {
        public Group {
            if (replicationGroupId == null || replicationGroupId.isBlank()) {
                throw new InvalidFieldException("replicationGroupId", "must not be blank");
            }
            if (nodeGroupId == null || !nodeGroupId.matches("\\d{4}")) {
                throw new InvalidFieldException("nodeGroupId", "must be a four-digit node group id such as 0001, got " + UntrustedText.quoted(nodeGroupId));
            }
            clusterByNode = Map.copyOf(clusterByNode);
        }
    }

    private final ElastiCacheClient client;
    private final Group group;

    public ElastiCacheReplicationGroupFailover(ElastiCacheClient client, Group group) {
        this.client = client;
        this.group = group;
    }

    @Override
    public Progress<String> switchTo(FailoverPlan plan) {
        String oldPrimary = group.clusterByNode().get(plan.from());
        if (oldPrimary == null) {
            return Progress.ready("no cache node configured next to " + plan.from() + ": cache left as it is");
        }
        ReplicationGroup rg = describe();
        String primary = primaryOf(rg);
        if (primary != null && !primary.equals(oldPrimary)) {
            return "available".equals(rg.status())
                    ? Progress.ready(group.replicationGroupId() + " node group " + group.nodeGroupId() + " primary is " + primary)
                    : Progress.pending(POLL, group.replicationGroupId() + " " + rg.status());
        }
        if (!"available".equals(rg.status())) {
            return Progress.pending(POLL, group.replicationGroupId() + " " + rg.status() + " before the failover");
        }
        try {
            client.testFailover(b -> b.replicationGroupId(group.replicationGroupId()).nodeGroupId(group.nodeGroupId()));
        } catch (InvalidReplicationGroupStateException e) {
            return Progress.pending(POLL, group.replicationGroupId() + " busy with another change");
        }
        return Progress.pending(POLL, "failover of " + group.replicationGroupId() + " node group " + group.nodeGroupId()
                + " away from " + oldPrimary + " started");
    }

    private ReplicationGroup describe() {
        return client.describeReplicationGroups(b -> b.replicationGroupId(group.replicationGroupId())).replicationGroups()
                .stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("replication group " + group.replicationGroupId() + " not found"));
    }

    private String primaryOf(ReplicationGroup rg) {
        NodeGroup ng = rg.nodeGroups().stream().filter(n -> group.nodeGroupId().equals(n.nodeGroupId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("replication group " + group.replicationGroupId() + " has no node group "
                        + group.nodeGroupId()));
        return ng.nodeGroupMembers().stream().filter(m -> "primary".equals(m.currentRole())).map(NodeGroupMember::cacheClusterId)
                .findFirst().orElse(null);
    }

    @Override
    public List<String> requiredActions() {
        return List.of("elasticache:DescribeReplicationGroups", "elasticache:TestFailover");
    }
}

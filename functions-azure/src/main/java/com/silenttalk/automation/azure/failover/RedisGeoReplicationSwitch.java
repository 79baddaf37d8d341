package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.ArmResponse;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Fails Azure Cache for Redis (Premium, passive geo-replication) over with the database. The
 * management API offers no role swap for a linked pair: the documented way to make the geo-secondary
 * writable is to remove the link ("Linked Server - Delete",
 * {@code DELETE .../Microsoft.Cache/redis/{cache}/linkedServers/{linkedServer}}, api-version
 * {@value #API_VERSION}), after which it is a standalone read-write cache holding what had been
 * replicated. The DELETE is sent on the new primary's side (the geo-secondary), which is the side
 * still reachable when the old region is down. Geo-replication stays off afterwards: linking a
 * new secondary (a PUT of linkedServers, which empties the secondary) is an operator's step.
 *
 * <p>Reports that there is nothing to do when no cache is configured for either node of the plan.
 */
public final class RedisGeoReplicationSwitch implements CacheSwitcher {
    public static final String API_VERSION = "2024-11-01";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._()-]{1,90}");

    /** @param cacheByNode failover node name (as the plan names it) to the Redis cache in that node's region */
    public record Caches(String subscriptionId, String resourceGroup, Map<String, String> cacheByNode) {
        public Caches {
            segment("subscriptionId", subscriptionId);
            segment("resourceGroup", resourceGroup);
            Objects.requireNonNull(cacheByNode, "cacheByNode");
            cacheByNode.forEach((node, cache) -> segment("cacheByNode." + node, cache));
            cacheByNode = Map.copyOf(cacheByNode);
        }

        String linkPath(String cache, String linked) {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Cache/redis/"
                    + cache + "/linkedServers/" + linked;
        }

        private static void segment(String field, String value) {
            if (value == null || !SEGMENT.matcher(value).matches()) {
                throw new InvalidFieldException(field, "must be an Azure resource name, got " + UntrustedText.quoted(value));
            }
        }
    }

    private final ArmClient arm;
    private final Caches caches;

    public RedisGeoReplicationSwitch(ArmClient arm, Caches caches) {
        this.arm = Objects.requireNonNull(arm, "arm").withApiVersion(API_VERSION);
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public Progress<String> switchTo(FailoverPlan plan) {
        String target = caches.cacheByNode().get(plan.to());
        String old = caches.cacheByNode().get(plan.from());
        if (target == null || old == null) {
            return Progress.ready("no geo-replicated cache configured for " + plan.from() + " and " + plan.to());
        }
        String path = caches.linkPath(target, old);
        ArmResponse link = arm.get(path);
        if (link.isNotFound()) {
            return Progress.ready(target + " has no geo-replication link to " + old + ": it is already a standalone read-write cache");
        }
        String role = ArmClient.requireSuccess("GET geo-replication link " + target + "/" + old, link).body()
                .path("properties").path("serverRole").asText("Unknown");
        if (!"Primary".equals(role)) {
            // The link on the target names the role of the linked cache: the old one must be the geo-primary.
            throw new IllegalStateException("the geo-replication link from " + target + " reports " + old + " as " + role
                    + ", not as the geo-primary; refusing to unlink");
        }
        String operation = "unlink of geo-secondary " + target + " from " + old;
        LongRunning outcome = arm.follow(operation, arm.delete(path));
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            throw new IllegalStateException(operation + " is still " + running.status() + "; resume to check again");
        }
        return Progress.ready(target + " unlinked from " + old + " and now a standalone read-write cache; geo-replication is off"
                + " until an operator links a new geo-secondary");
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.Cache/redis/linkedServers/read", "Microsoft.Cache/redis/linkedServers/delete");
    }
}

package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.Map;

/**
 * How a database group fails over on AWS, and where its nodes are.
 *
 * @param nodes  node name (as in a FailoverPlan) → where it lives
 * @param globalClusterId the Aurora global database; only for {@link Mode#AURORA_GLOBAL}
 */
public record RdsTopology(Mode mode, Map<String, Node> nodes, String globalClusterId) {
    public enum Mode {
        /** One instance with a synchronous standby: RebootDBInstance with ForceFailover. */
        MULTI_AZ,
        /** A cross-region read replica: PromoteReadReplica. */
        READ_REPLICA,
        /** An Aurora global database: SwitchoverGlobalCluster, or FailoverGlobalCluster when forced. */
        AURORA_GLOBAL
    }

    /**
     * @param identifier       a DB instance identifier, or for Aurora the DB cluster ARN
     * @param availabilityZone for Multi-AZ, the zone this node stands for (both nodes share the instance); else null
     */
    public record Node(String region, String identifier, String availabilityZone) {
        public Node {
            if (region == null || region.isBlank() || identifier == null || identifier.isBlank()) {
                throw new InvalidFieldException("node", "needs a region and an identifier");
            }
        }

        public Node(String region, String identifier) {
            this(region, identifier, null);
        }
    }

    public RdsTopology {
        if (mode == null) {
            throw new InvalidFieldException("mode", "must be MULTI_AZ, READ_REPLICA or AURORA_GLOBAL");
        }
        nodes = Map.copyOf(nodes);
        if (mode == Mode.MULTI_AZ && nodes.values().stream().anyMatch(n -> n.availabilityZone() == null)) {
            throw new InvalidFieldException("availabilityZone", "Multi-AZ nodes are zones of one instance: each needs its zone");
        }
        if (mode == Mode.AURORA_GLOBAL && (globalClusterId == null || globalClusterId.isBlank())) {
            throw new InvalidFieldException("globalClusterId", "an Aurora global failover needs the global cluster identifier");
        }
    }

    public Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            throw new InvalidFieldException("node", UntrustedText.quoted(name) + " is not a node of this group (" + nodes.keySet() + ")");
        }
        return n;
    }
}

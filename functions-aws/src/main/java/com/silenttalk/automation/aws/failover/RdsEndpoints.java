package com.silenttalk.automation.aws.failover;

import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Where a node accepts connections, asked of RDS at the time of the question: a promoted
 * replica keeps its endpoint, but the function must not trust a configured host name that
 * DNS may already point elsewhere.
 */
public final class RdsEndpoints {
    /** A node's address; the probe connects to exactly this. */
    public record Endpoint(String host, int port) {
    }

    private final RdsTopology topology;
    private final Function<String, RdsClient> rdsByRegion;

    public RdsEndpoints(RdsTopology topology, Function<String, RdsClient> rdsByRegion) {
        this.topology = topology;
        this.rdsByRegion = rdsByRegion;
    }

    public Endpoint of(RdsTopology.Node node) {
        RdsClient rds = rdsByRegion.apply(node.region());
        if (topology.mode() == RdsTopology.Mode.AURORA_GLOBAL) {
            DBCluster c = rds.describeDBClusters(r -> r.dbClusterIdentifier(node.identifier())).dbClusters().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("cluster " + node.identifier() + " not found"));
            return new Endpoint(c.endpoint(), c.port() == null ? 5432 : c.port());
        }
        DBInstance i = rds.describeDBInstances(r -> r.dbInstanceIdentifier(node.identifier())).dbInstances().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("instance " + node.identifier() + " not found in " + node.region()));
        if (i.endpoint() == null || i.endpoint().address() == null) {
            throw new IllegalStateException("instance " + node.identifier() + " has no endpoint yet (" + i.dbInstanceStatus() + ")");
        }
        return new Endpoint(i.endpoint().address(), i.endpoint().port() == null ? 5432 : i.endpoint().port());
    }
}

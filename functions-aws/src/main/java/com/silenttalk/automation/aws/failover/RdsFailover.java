package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.failover.DatabaseFailover;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/**
 * RDS and Aurora failover. Each call is safe to repeat: promotion and switchover first look
 * at the current state, so a retried step after a crash never promotes twice. A planned
 * switchover never sends AllowDataLoss; a forced Aurora failover sends it only when the plan
 * carries an operator's allowDataLoss.
 */
public final class RdsFailover implements DatabaseFailover {
    static final Duration POLL = Duration.ofSeconds(15);

    private final RdsTopology topology;
    private final Function<String, RdsClient> rdsByRegion;
    private final WriteProbe writeProbe;

    public RdsFailover(RdsTopology topology, Function<String, RdsClient> rdsByRegion, WriteProbe writeProbe) {
        this.topology = topology;
        this.rdsByRegion = rdsByRegion;
        this.writeProbe = writeProbe;
    }

    @Override
    public Progress<Long> fence(FailoverPlan plan) {
        if (topology.mode() != RdsTopology.Mode.READ_REPLICA || plan.planned()) {
            // Multi-AZ reboots and Aurora switchovers fence the old writer themselves.
            return Progress.ready(-1L);
        }
        RdsTopology.Node old = topology.node(plan.from());
        RdsClient rds = rdsByRegion.apply(old.region());
        DBInstance instance = describe(rds, old.identifier());
        if (instance == null || !"available".equals(instance.dbInstanceStatus())) {
            return Progress.ready(-1L); // already down, stopping or stopped: nothing can write there
        }
        try {
            rds.stopDBInstance(r -> r.dbInstanceIdentifier(old.identifier()));
        } catch (InvalidDbInstanceStateException e) {
            return Progress.ready(-1L); // it changed state under us: a stop is under way or it is gone
        }
        return Progress.pending(POLL, old.identifier() + " stopping");
    }

    @Override
    public Progress<String> promote(FailoverPlan plan) {
        RdsTopology.Node target = topology.node(plan.to());
        RdsClient rds = rdsByRegion.apply(target.region());
        return switch (topology.mode()) {
            case MULTI_AZ -> promoteMultiAz(rds, target);
            case READ_REPLICA -> promoteReplica(rds, target);
            case AURORA_GLOBAL -> promoteAurora(rds, target, plan);
        };
    }

    private Progress<String> promoteMultiAz(RdsClient rds, RdsTopology.Node target) {
        DBInstance i = describe(rds, target.identifier());
        if (i == null) {
            throw new IllegalStateException("instance " + target.identifier() + " not found in " + target.region());
        }
        // The zone tells a finished failover from one not yet started, so a repeated call never reboots twice.
        if (target.availabilityZone().equals(i.availabilityZone())) {
            return "available".equals(i.dbInstanceStatus()) ? Progress.ready(target.identifier() + " writes in " + i.availabilityZone())
                    : Progress.pending(POLL, target.identifier() + " " + i.dbInstanceStatus());
        }
        if (!"available".equals(i.dbInstanceStatus())) {
            return Progress.pending(POLL, target.identifier() + " " + i.dbInstanceStatus());
        }
        rds.rebootDBInstance(r -> r.dbInstanceIdentifier(target.identifier()).forceFailover(true));
        return Progress.pending(POLL, target.identifier() + " failover to the standby started");
    }

    private Progress<String> promoteReplica(RdsClient rds, RdsTopology.Node target) {
        DBInstance i = describe(rds, target.identifier());
        if (i == null) {
            throw new IllegalStateException("replica " + target.identifier() + " not found in " + target.region());
        }
        if (i.readReplicaSourceDBInstanceIdentifier() == null) {
            return "available".equals(i.dbInstanceStatus()) ? Progress.ready(target.identifier() + " promoted")
                    : Progress.pending(POLL, target.identifier() + " " + i.dbInstanceStatus());
        }
        if (!"modifying".equals(i.dbInstanceStatus())) {
            rds.promoteReadReplica(r -> r.dbInstanceIdentifier(target.identifier()));
        }
        return Progress.pending(POLL, target.identifier() + " promoting");
    }

    private Progress<String> promoteAurora(RdsClient rds, RdsTopology.Node target, FailoverPlan plan) {
        GlobalCluster g = rds.describeGlobalClusters(r -> r.globalClusterIdentifier(topology.globalClusterId()))
                .globalClusters().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("global cluster " + topology.globalClusterId() + " not found"));
        boolean targetWrites = g.globalClusterMembers().stream()
                .anyMatch(m -> m.dbClusterArn().equals(target.identifier()) && Boolean.TRUE.equals(m.isWriter()));
        if (targetWrites && g.failoverState() == null) {
            return Progress.ready(target.identifier() + " is the writer of " + topology.globalClusterId());
        }
        if (g.failoverState() != null) {
            return Progress.pending(POLL, "global cluster " + g.failoverState().statusAsString());
        }
        if (plan.planned()) {
            rds.switchoverGlobalCluster(r -> r.globalClusterIdentifier(topology.globalClusterId())
                    .targetDbClusterIdentifier(target.identifier()));
        } else {
            // Without the operator's allowDataLoss this is still a switchover: it waits for the secondary to catch up.
            rds.failoverGlobalCluster(r -> r.globalClusterIdentifier(topology.globalClusterId())
                    .targetDbClusterIdentifier(target.identifier())
                    .allowDataLoss(plan.allowDataLoss() ? Boolean.TRUE : null)
                    .switchover(plan.allowDataLoss() ? null : Boolean.TRUE));
        }
        return Progress.pending(POLL, "global " + (plan.planned() ? "switchover" : "failover") + " to " + target.identifier() + " started");
    }

    @Override
    public boolean isWritable(String node) {
        RdsTopology.Node n = topology.node(node);
        RdsClient rds = rdsByRegion.apply(n.region());
        if (topology.mode() == RdsTopology.Mode.AURORA_GLOBAL) {
            DBCluster c = rds.describeDBClusters(r -> r.dbClusterIdentifier(n.identifier())).dbClusters().stream().findFirst().orElse(null);
            return c != null && "available".equals(c.status()) && Boolean.TRUE.equals(
                    rds.describeGlobalClusters(r -> r.globalClusterIdentifier(topology.globalClusterId())).globalClusters().get(0)
                            .globalClusterMembers().stream().filter(m -> m.dbClusterArn().equals(n.identifier()))
                            .map(m -> m.isWriter()).findFirst().orElse(false));
        }
        DBInstance i = describe(rds, n.identifier());
        boolean inZone = n.availabilityZone() == null || n.availabilityZone().equals(i == null ? null : i.availabilityZone());
        return i != null && inZone && "available".equals(i.dbInstanceStatus()) && i.readReplicaSourceDBInstanceIdentifier() == null;
    }

    @Override
    public void verifyWrites(String node) {
        writeProbe.writeAndReadBack(topology.node(node));
    }

    @Override
    public Progress<String> reprotect(FailoverPlan plan) {
        return Progress.ready(switch (topology.mode()) {
            case MULTI_AZ -> "Multi-AZ re-creates the standby itself; nothing to do";
            case AURORA_GLOBAL -> plan.planned() ? "after a switchover the old primary cluster rejoins as a secondary"
                    : "after a forced failover, re-add " + topology.node(plan.from()).identifier()
                    + " as a secondary: aws rds create-db-cluster --global-cluster-identifier " + topology.globalClusterId() + " ...";
            case READ_REPLICA -> "create a new read replica of " + topology.node(plan.to()).identifier() + " in "
                    + topology.node(plan.from()).region() + ": aws rds create-db-instance-read-replica --source-db-instance-identifier "
                    + "arn:aws:rds:" + topology.node(plan.to()).region() + ":<account>:db:" + topology.node(plan.to()).identifier()
                    + " --region " + topology.node(plan.from()).region() + "; then delete the stopped " + topology.node(plan.from()).identifier();
        });
    }

    @Override
    public List<String> requiredActions() {
        return switch (topology.mode()) {
            case MULTI_AZ -> List.of("rds:DescribeDBInstances", "rds:RebootDBInstance");
            case READ_REPLICA -> List.of("rds:DescribeDBInstances", "rds:PromoteReadReplica", "rds:StopDBInstance");
            case AURORA_GLOBAL -> List.of("rds:DescribeGlobalClusters", "rds:DescribeDBClusters", "rds:SwitchoverGlobalCluster",
                    "rds:FailoverGlobalCluster");
        };
    }

    private static DBInstance describe(RdsClient rds, String id) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst().orElse(null);
        } catch (software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException e) {
            return null;
        }
    }
}

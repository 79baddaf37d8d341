package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseRestorer;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Restores a snapshot into throwaway resources in the drill's isolated subnet group and
 * security group (never publicly accessible), and always deletes them again, skipping the final
 * snapshot. A DB instance snapshot becomes one instance named for the drill; an Aurora cluster
 * snapshot becomes a cluster named for the drill plus one writer instance ({@code <name>-writer}),
 * because a restored Aurora cluster has no instance to connect to. Polls by returning
 * {@link Progress.Pending}; the step loop does the waiting.
 */
public final class RdsRestorer implements DatabaseRestorer {
    static final Duration POLL = Duration.ofSeconds(30);
    static final String DRILL_TAG = "silenttalk:drill";
    static final String WRITER_SUFFIX = "-writer";
    private static final Set<String> BROKEN = Set.of("failed", "incompatible-restore", "incompatible-network",
            "inaccessible-encryption-credentials", "incompatible-parameters");

    private final RdsClient rds;
    private final String region;
    private final AwsSettings.Drill drill;
    private final Function<DatabaseId, RdsKind> kindOf;

    /** Instances only (what the settings call every database by default). */
    public RdsRestorer(RdsClient rds, String region, AwsSettings.Drill drill) {
        this(rds, region, drill, db -> RdsKind.INSTANCE);
    }

    public RdsRestorer(RdsClient rds, String region, AwsSettings.Drill drill, Function<DatabaseId, RdsKind> kindOf) {
        this.rds = rds;
        this.region = region;
        this.drill = drill;
        this.kindOf = kindOf;
    }

    @Override
    public Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        return kindOf.apply(snapshot.database()) == RdsKind.CLUSTER
                ? restoreCluster(snapshot, instanceName)
                : restoreInstance(snapshot, instanceName);
    }

    private Progress<RestoredInstance> restoreInstance(Snapshot snapshot, String instanceName) {
        Optional<Progress<RestoredInstance>> made = instanceProgress(instanceName);
        if (made.isPresent()) {
            return made.get();
        }
        try {
            rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(instanceName)
                    .dbSnapshotIdentifier(snapshot.id().value())
                    .dbSubnetGroupName(drill.subnetGroup())
                    .vpcSecurityGroupIds(drill.securityGroupIds())
                    .dbInstanceClass(drill.instanceClass())
                    .publiclyAccessible(false)
                    .multiAZ(false)
                    .deletionProtection(false)
                    .tags(drillTag(instanceName)));
        } catch (DbInstanceAlreadyExistsException e) {
            // a second delivery of this step: the first one's restore is under way
        }
        return Progress.pending(POLL, "restoring " + instanceName + " from " + snapshot.id());
    }

    /**
     * The drill's DB instance as RDS describes it: ready once available with an endpoint, pending while it is being
     * made, a failure when its restore broke; empty when there is no such instance (yet).
     */
    Optional<Progress<RestoredInstance>> instanceProgress(String instanceName) {
        return describeInstance(instanceName).map(instance -> {
            if (!"available".equals(instance.dbInstanceStatus()) || instance.endpoint() == null) {
                failIfBroken(instanceName, instance.dbInstanceStatus());
                return Progress.pending(POLL, instance.dbInstanceStatus());
            }
            return Progress.ready(new RestoredInstance(instanceName, instance.endpoint().address(),
                    instance.endpoint().port(), drill.databaseName(), drill.masterSecretArn(),
                    Map.of("region", region, "engine", instance.engine())));
        });
    }

    /** Cluster first (restored from the snapshot), then its writer once the cluster is available. */
    private Progress<RestoredInstance> restoreCluster(Snapshot snapshot, String clusterName) {
        Optional<DBCluster> existing = describeCluster(clusterName);
        if (existing.isEmpty()) {
            DBClusterSnapshot source = describeClusterSnapshot(snapshot);
            try {
                rds.restoreDBClusterFromSnapshot(r -> r.dbClusterIdentifier(clusterName)
                        .snapshotIdentifier(snapshot.id().value())
                        .engine(source.engine())
                        .engineVersion(source.engineVersion())
                        .dbSubnetGroupName(drill.subnetGroup())
                        .vpcSecurityGroupIds(drill.securityGroupIds())
                        .deletionProtection(false)
                        .tags(drillTag(clusterName)));
            } catch (DbClusterAlreadyExistsException e) {
                // a second delivery of this step: the first one's restore is under way
            }
            return Progress.pending(POLL, "restoring cluster " + clusterName + " from " + snapshot.id());
        }
        DBCluster cluster = existing.get();
        if (!"available".equals(cluster.status())) {
            failIfBroken(clusterName, cluster.status());
            return Progress.pending(POLL, "cluster " + cluster.status());
        }
        String writerName = clusterName + WRITER_SUFFIX;
        Optional<DBInstance> writer = describeInstance(writerName);
        if (writer.isEmpty()) {
            try {
                rds.createDBInstance(r -> r.dbInstanceIdentifier(writerName)
                        .dbClusterIdentifier(clusterName)
                        .engine(cluster.engine())
                        .dbInstanceClass(drill.instanceClass())
                        .publiclyAccessible(false)
                        .tags(drillTag(clusterName)));
            } catch (DbInstanceAlreadyExistsException e) {
                // a second delivery of this step: the writer is being created
            }
            return Progress.pending(POLL, "creating writer " + writerName);
        }
        if (!"available".equals(writer.get().dbInstanceStatus())) {
            failIfBroken(writerName, writer.get().dbInstanceStatus());
            return Progress.pending(POLL, "writer " + writer.get().dbInstanceStatus());
        }
        return Progress.ready(new RestoredInstance(clusterName, cluster.endpoint(), cluster.port(),
                drill.databaseName(), drill.masterSecretArn(),
                Map.of("region", region, "engine", cluster.engine(), "writer", writerName)));
    }

    /**
     * The drill's instance, or its cluster and the cluster's writer: whichever exist are deleted
     * (final snapshots skipped) until nothing of the drill is left. Safe to call again at any point.
     */
    @Override
    public Progress<String> tearDown(String instanceName) {
        Optional<DBInstance> instance = describeInstance(instanceName);
        if (instance.isPresent()) {
            return deleteInstance(instance.get(), instanceName);
        }
        Optional<DBCluster> cluster = describeCluster(instanceName);
        if (cluster.isEmpty()) {
            return Progress.ready(instanceName);
        }
        String writerName = instanceName + WRITER_SUFFIX;
        Optional<DBInstance> writer = describeInstance(writerName);
        writer.ifPresent(w -> deleteInstance(w, writerName));
        if ("deleting".equals(cluster.get().status())) {
            return Progress.pending(POLL, "cluster deleting");
        }
        try {
            rds.deleteDBCluster(r -> r.dbClusterIdentifier(instanceName).skipFinalSnapshot(true));
        } catch (DbClusterNotFoundException e) {
            return Progress.ready(instanceName);
        } catch (InvalidDbClusterStateException e) {
            // its writer is still being created or deleted: RDS refuses until it settles; ask again
            return Progress.pending(POLL, "waiting to delete cluster: " + e.awsErrorDetails().errorMessage());
        }
        return Progress.pending(POLL, "cluster deleting");
    }

    private Progress<String> deleteInstance(DBInstance instance, String name) {
        if ("deleting".equals(instance.dbInstanceStatus())) {
            return Progress.pending(POLL, "deleting");
        }
        try {
            rds.deleteDBInstance(r -> r.dbInstanceIdentifier(name).skipFinalSnapshot(true).deleteAutomatedBackups(true));
        } catch (DbInstanceNotFoundException e) {
            return Progress.ready(name);
        } catch (InvalidDbInstanceStateException e) {
            // still creating or modifying: RDS refuses the delete until it settles; ask again
            return Progress.pending(POLL, "waiting to delete: " + e.awsErrorDetails().errorMessage());
        }
        return Progress.pending(POLL, "deleting");
    }

    /** The calls a restore of this database makes, for dry-runs. */
    public List<PlannedCall> plannedRestore(DatabaseId database, String snapshotId, String instanceName) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (kindOf.apply(database) == RdsKind.CLUSTER) {
            p.put("DBClusterIdentifier", instanceName);
            p.put("SnapshotIdentifier", snapshotId);
            p.put("DBSubnetGroupName", drill.subnetGroup());
            p.put("VpcSecurityGroupIds", drill.securityGroupIds());
            p.put("DeletionProtection", false);
            Map<String, Object> writer = new LinkedHashMap<>();
            writer.put("DBInstanceIdentifier", instanceName + WRITER_SUFFIX);
            writer.put("DBClusterIdentifier", instanceName);
            writer.put("DBInstanceClass", drill.instanceClass());
            writer.put("PubliclyAccessible", false);
            return List.of(new PlannedCall("rds", "RestoreDBClusterFromSnapshot", region, p),
                    new PlannedCall("rds", "CreateDBInstance", region, writer));
        }
        p.put("DBInstanceIdentifier", instanceName);
        p.put("DBSnapshotIdentifier", snapshotId);
        p.put("DBSubnetGroupName", drill.subnetGroup());
        p.put("VpcSecurityGroupIds", drill.securityGroupIds());
        p.put("DBInstanceClass", drill.instanceClass());
        p.put("PubliclyAccessible", false);
        return List.of(new PlannedCall("rds", "RestoreDBInstanceFromDBSnapshot", region, p));
    }

    /** The calls a teardown of this database's drill makes, for dry-runs. */
    public List<PlannedCall> plannedTearDown(DatabaseId database, String instanceName) {
        if (kindOf.apply(database) == RdsKind.CLUSTER) {
            return List.of(new PlannedCall("rds", "DeleteDBInstance", region,
                            Map.of("DBInstanceIdentifier", instanceName + WRITER_SUFFIX, "SkipFinalSnapshot", true)),
                    new PlannedCall("rds", "DeleteDBCluster", region,
                            Map.of("DBClusterIdentifier", instanceName, "SkipFinalSnapshot", true)));
        }
        return List.of(new PlannedCall("rds", "DeleteDBInstance", region,
                Map.of("DBInstanceIdentifier", instanceName, "SkipFinalSnapshot", true)));
    }

    private DBClusterSnapshot describeClusterSnapshot(Snapshot snapshot) {
        try {
            return rds.describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(snapshot.id().value()))
                    .dbClusterSnapshots().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("cluster snapshot " + snapshot.ref() + " is not described"));
        } catch (DbClusterSnapshotNotFoundException e) {
            throw new IllegalStateException("cluster snapshot " + snapshot.ref() + " no longer exists", e);
        }
    }

    private Optional<DBInstance> describeInstance(String name) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(name)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<DBCluster> describeCluster(String name) {
        try {
            return rds.describeDBClusters(r -> r.dbClusterIdentifier(name)).dbClusters().stream().findFirst();
        } catch (DbClusterNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void failIfBroken(String name, String status) {
        if (BROKEN.contains(status)) {
            throw new IllegalStateException("restore of " + name + " ended " + status);
        }
    }

    private static Tag drillTag(String name) {
        return Tag.builder().key(DRILL_TAG).value(name).build();
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(List.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:DescribeDBInstances",
                "rds:DeleteDBInstance", "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey"));
        actions.addAll(List.of("rds:RestoreDBClusterFromSnapshot", "rds:DescribeDBClusters", "rds:CreateDBInstance",
                "rds:DeleteDBCluster", "rds:DescribeDBClusterSnapshots"));
        return List.copyOf(actions);
    }
}

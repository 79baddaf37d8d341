package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseRestorer;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;

/**
 * Restores an AWS Backup recovery point of a DB instance from the locked DR vault with StartRestoreJob, into the
 * drill's isolated subnet group and security group (never public, never Multi-AZ, no deletion protection), named for
 * the drill; then polls the job (DescribeRestoreJob) to completion, and the instance until RDS says it is available.
 * The instance name is the job's idempotency token, so a step delivered twice starts one job. Teardown is the RDS
 * drill's: the instance is deleted, skipping the final snapshot.
 */
public final class RecoveryPointRestorer implements DatabaseRestorer {
    private final Supplier<BackupClient> backup;
    private final RdsRestorer instances;
    private final String region;
    private final String vault;
    private final String restoreRoleArn;
    private final AwsSettings.Drill drill;
    private final Function<DatabaseId, RdsKind> kindOf;

    /**
     * @param instances      describes and deletes the restored instance (the RDS drill's restorer, same region)
     * @param restoreRoleArn the role AWS Backup assumes to create the instance (passed with iam:PassRole)
     */
    public RecoveryPointRestorer(Supplier<BackupClient> backup, RdsRestorer instances, String region, String vault,
                                 String restoreRoleArn, AwsSettings.Drill drill, Function<DatabaseId, RdsKind> kindOf) {
        this.backup = backup;
        this.instances = instances;
        this.region = region;
        this.vault = vault;
        this.restoreRoleArn = restoreRoleArn;
        this.drill = drill;
        this.kindOf = kindOf;
    }

    @Override
    public Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        return restore(snapshot, manifest, instanceName, null);
    }

    @Override
    public Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName, String job) {
        if (snapshot.kind() != CopyKind.VAULT_RECOVERY_POINT || snapshot.location() == null) {
            throw new IllegalArgumentException(snapshot.ref() + " is not a recovery point of " + vault);
        }
        if (kindOf.apply(snapshot.database()) == RdsKind.CLUSTER) {
            throw new IllegalStateException("drills of Aurora cluster recovery points are not supported; "
                    + snapshot.database() + " is a cluster (drill its suite snapshots instead)");
        }
        if (job == null) {
            // a repeated first turn after the job already made the instance: carry on from the instance
            Optional<Progress<RestoredInstance>> made = instances.instanceProgress(instanceName);
            if (made.isPresent()) {
                return made.get();
            }
            String started = start(snapshot.location(), instanceName);
            return Progress.pending(RdsRestorer.POLL, "restore job " + started + " started from " + snapshot.location(), started);
        }
        DescribeRestoreJobResponse described = backup.get().describeRestoreJob(r -> r.restoreJobId(job));
        return switch (described.status()) {
            case COMPLETED -> instances.instanceProgress(instanceName)
                    .map(p -> p instanceof Progress.Pending<RestoredInstance> pending
                            ? Progress.<RestoredInstance>pending(pending.checkAgainAfter(), pending.status(), job) : p)
                    .orElseGet(() -> Progress.pending(RdsRestorer.POLL, "restore job " + job + " completed, "
                            + instanceName + " not described yet", job));
            case ABORTED, FAILED -> throw new IllegalStateException("restore job " + job + " of " + snapshot.location()
                    + " ended " + described.statusAsString() + ": " + described.statusMessage());
            default -> Progress.pending(RdsRestorer.POLL, "restore job " + job + " " + described.statusAsString()
                    + (described.percentDone() == null ? "" : " " + described.percentDone()), job);
        };
    }

    /** StartRestoreJob with the recovery point's own restore metadata, overridden with the drill's placement. */
    private String start(String recoveryPointArn, String instanceName) {
        Map<String, String> metadata = new LinkedHashMap<>(backup.get().getRecoveryPointRestoreMetadata(r -> r
                .backupVaultName(vault).recoveryPointArn(recoveryPointArn)).restoreMetadata());
        metadata.putAll(placement(instanceName));
        return backup.get().startRestoreJob(r -> r.recoveryPointArn(recoveryPointArn).iamRoleArn(restoreRoleArn)
                .idempotencyToken(instanceName).resourceType("RDS").metadata(metadata)).restoreJobId();
    }

    /** Where the drill's instance goes: the isolated subnet group and security groups, the drill's class, private. */
    private Map<String, String> placement(String instanceName) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DBInstanceIdentifier", instanceName);
        m.put("DBInstanceClass", drill.instanceClass());
        m.put("DBSubnetGroupName", drill.subnetGroup());
        m.put("VpcSecurityGroupIds", drill.securityGroupIds().stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "[", "]")));
        m.put("PubliclyAccessible", "false");
        m.put("MultiAZ", "false");
        m.put("DeletionProtection", "false");
        return m;
    }

    @Override
    public Progress<String> tearDown(String instanceName) {
        return instances.tearDown(instanceName);
    }

    /** The calls a restore of this recovery point makes, for dry-runs. */
    public List<PlannedCall> plannedRestore(String recoveryPointArn, String instanceName) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("RecoveryPointArn", recoveryPointArn);
        p.put("IamRoleArn", restoreRoleArn);
        p.put("IdempotencyToken", instanceName);
        p.put("ResourceType", "RDS");
        p.put("Metadata", placement(instanceName));
        return List.of(new PlannedCall("backup", "GetRecoveryPointRestoreMetadata", region,
                        Map.of("BackupVaultName", vault, "RecoveryPointArn", recoveryPointArn)),
                new PlannedCall("backup", "StartRestoreJob", region, p));
    }

    @Override
    public List<String> requiredActions() {
        return List.of("backup:StartRestoreJob", "backup:DescribeRestoreJob", "backup:GetRecoveryPointRestoreMetadata",
                "iam:PassRole", "rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:DeleteDBInstance");
    }
}

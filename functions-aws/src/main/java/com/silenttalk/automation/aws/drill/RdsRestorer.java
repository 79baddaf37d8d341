package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseRestorer;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/**
 * Restores a snapshot into a throwaway DB instance in the drill's isolated subnet group and
 * security group (never publicly accessible), and always deletes it again, skipping the
 * final snapshot. Polls by returning {@link Progress.Pending}; the step loop does the waiting.
 */
public final class RdsRestorer implements DatabaseRestorer {
    static final Duration POLL = Duration.ofSeconds(30);
    static final String DRILL_TAG = "silenttalk:drill";

    private final RdsClient rds;
    private final String region;
    private final AwsSettings.Drill drill;

    public RdsRestorer(RdsClient rds, String region, AwsSettings.Drill drill) {
        this.rds = rds;
        this.region = region;
        this.drill = drill;
    }

    @Override
    public Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        Optional<DBInstance> existing = describe(instanceName);
        if (existing.isEmpty()) {
            try {
                rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(instanceName)
                        .dbSnapshotIdentifier(snapshot.id().value())
                        .dbSubnetGroupName(drill.subnetGroup())
                        .vpcSecurityGroupIds(drill.securityGroupIds())
                        .dbInstanceClass(drill.instanceClass())
                        .publiclyAccessible(false)
                        .multiAZ(false)
                        .deletionProtection(false)
                        .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key(DRILL_TAG).value(instanceName).build()));
            } catch (DbInstanceAlreadyExistsException e) {
                // a second delivery of this step: the first one's restore is under way
            }
            return Progress.pending(POLL, "restoring " + instanceName + " from " + snapshot.id());
        }
        DBInstance instance = existing.get();
        if (!"available".equals(instance.dbInstanceStatus()) || instance.endpoint() == null) {
            if ("failed".equals(instance.dbInstanceStatus()) || "incompatible-restore".equals(instance.dbInstanceStatus())) {
                throw new IllegalStateException("restore of " + instanceName + " ended " + instance.dbInstanceStatus());
            }
            return Progress.pending(POLL, instance.dbInstanceStatus());
        }
        return Progress.ready(new RestoredInstance(instanceName, instance.endpoint().address(), instance.endpoint().port(),
                drill.databaseName(), drill.masterSecretArn(), Map.of("region", region, "engine", instance.engine())));
    }

    @Override
    public Progress<String> tearDown(String instanceName) {
        Optional<DBInstance> existing = describe(instanceName);
        if (existing.isEmpty()) {
            return Progress.ready(instanceName);
        }
        if ("deleting".equals(existing.get().dbInstanceStatus())) {
            return Progress.pending(POLL, "deleting");
        }
        try {
            rds.deleteDBInstance(r -> r.dbInstanceIdentifier(instanceName).skipFinalSnapshot(true)
                    .deleteAutomatedBackups(true));
        } catch (DbInstanceNotFoundException e) {
            return Progress.ready(instanceName);
        } catch (InvalidDbInstanceStateException e) {
            // still creating or modifying: RDS refuses the delete until it settles; ask again
            return Progress.pending(POLL, "waiting to delete: " + e.awsErrorDetails().errorMessage());
        }
        return Progress.pending(POLL, "deleting");
    }

    public List<PlannedCall> plannedRestore(String snapshotId, String instanceName) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("DBInstanceIdentifier", instanceName);
        p.put("DBSnapshotIdentifier", snapshotId);
        p.put("DBSubnetGroupName", drill.subnetGroup());
        p.put("VpcSecurityGroupIds", drill.securityGroupIds());
        p.put("DBInstanceClass", drill.instanceClass());
        p.put("PubliclyAccessible", false);
        return List.of(new PlannedCall("rds", region, "RestoreDBInstanceFromDBSnapshot", p),
                new PlannedCall("rds", region, "DeleteDBInstance",
                        Map.of("DBInstanceIdentifier", instanceName, "SkipFinalSnapshot", true)));
    }

    private Optional<DBInstance> describe(String instanceName) {
        try {
            return rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceName)).dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:DescribeDBInstances", "rds:DeleteDBInstance",
                "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey");
    }
}

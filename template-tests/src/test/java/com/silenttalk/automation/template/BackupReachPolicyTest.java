package com.silenttalk.automation.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.infra.RepositoryLayout;
import com.silenttalk.automation.infra.cloudformation.CloudFormationYaml;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 15's policies over template.yaml as shipped, then broken copies proving each check can fail. */
class BackupReachPolicyTest {
    private static final JsonNode SHIPPED = CloudFormationYaml.read(RepositoryLayout.repoRoot().resolve("template.yaml"));

    @Nested
    class AsShipped {
        @Test
        void functions_whenShipped_haveNoPathToDeleteFromALockedVault() {
            assertThat(BackupReachPolicies.noFunctionCanDeleteFromALockedVault(SHIPPED)).isEmpty();
        }

        @Test
        void reportBucket_whenShipped_locksEvidenceInComplianceModeForTheBackupRetention() {
            assertThat(BackupReachPolicies.reportBucketLocksEvidenceForTheBackupRetention(SHIPPED)).isEmpty();
        }

        @Test
        void statefulResources_whenShipped_areRetainedWhenTheStackGoes() {
            assertThat(BackupReachPolicies.statefulResourcesAreRetained(SHIPPED)).isEmpty();
        }
    }

    @Nested
    class WhenBroken {
        private final ObjectNode t = SHIPPED.deepCopy();

        private ObjectNode resource(String logicalId) {
            return (ObjectNode) t.path("Resources").path(logicalId);
        }

        private ArrayNode prunerStatements() {
            return (ArrayNode) resource("RetentionPrunerFunction").at("/Properties/Policies/0/Statement");
        }

        @Test
        void pruner_whenAStatementAllowsDeleteRecoveryPoint_reportsThePath() {
            prunerStatements().addObject().put("Sid", "Oops").put("Effect", "Allow")
                    .put("Action", "backup:DeleteRecoveryPoint").put("Resource", "arn:aws:backup:eu-west-1:1:recovery-point:*");

            assertThat(BackupReachPolicies.noFunctionCanDeleteFromALockedVault(t)).containsExactly(
                    "RetentionPrunerFunction Oops: backup:DeleteRecoveryPoint reaches the recovery points of a locked vault");
        }

        @Test
        void anyFunction_whenAllowedToUnlockAVault_reportsThePath() {
            ((ArrayNode) resource("DrillStepFunction").at("/Properties/Policies/0/Statement")).addObject()
                    .put("Sid", "Unlock").put("Effect", "Allow").put("Action", "backup:DeleteBackupVaultLockConfiguration")
                    .put("Resource", "*");

            assertThat(BackupReachPolicies.noFunctionCanDeleteFromALockedVault(t)).containsExactly(
                    "DrillStepFunction Unlock: backup:DeleteBackupVaultLockConfiguration reaches the recovery points of a locked vault");
        }

        @Test
        void pruner_whenSnapshotDeletesReachEverySnapshot_reportsAwsBackupRecoveryPointsInReach() {
            for (JsonNode statement : prunerStatements()) {
                if (statement.path("Sid").asText().equals("DeleteOnlySuiteSnapshots")) {
                    ((ObjectNode) statement).putArray("Resource").add("arn:aws:rds:*:123456789012:snapshot:*");
                }
            }

            assertThat(BackupReachPolicies.noFunctionCanDeleteFromALockedVault(t)).containsExactly(
                    "RetentionPrunerFunction DeleteOnlySuiteSnapshots: rds:DeleteDBSnapshot on arn:aws:rds:*:123456789012:snapshot:*"
                            + " reaches snapshots the suite did not name (AWS Backup's recovery points among them)",
                    "RetentionPrunerFunction DeleteOnlySuiteSnapshots: rds:DeleteDBClusterSnapshot on arn:aws:rds:*:123456789012:snapshot:*"
                            + " reaches snapshots the suite did not name (AWS Backup's recovery points among them)");
        }

        @Test
        void pruner_whenGivenPassRole_reportsAnEscalationPath() {
            prunerStatements().addObject().put("Sid", "Escalate").put("Effect", "Allow")
                    .put("Action", "iam:PassRole").put("Resource", "arn:aws:iam::123456789012:role/admin");

            assertThat(BackupReachPolicies.noFunctionCanDeleteFromALockedVault(t)).containsExactly(
                    "RetentionPrunerFunction Escalate: iam:PassRole is more than a pruner needs (reads, the ledger, suite snapshot deletes)");
        }

        @Test
        void reportBucket_whenObjectLockIsOff_reportsViolations() {
            ObjectNode bucket = (ObjectNode) resource("ReportBucket").path("Properties");
            bucket.remove("ObjectLockEnabled");
            bucket.remove("ObjectLockConfiguration");

            assertThat(BackupReachPolicies.reportBucketLocksEvidenceForTheBackupRetention(t)).contains(
                    "ReportBucket: ObjectLockEnabled must be true",
                    "ReportBucket: the default retention must be COMPLIANCE, found none");
        }

        @Test
        void reportBucket_whenGovernanceModeFor7Days_reportsBoth() {
            ObjectNode retention = (ObjectNode) resource("ReportBucket").at("/Properties/ObjectLockConfiguration/Rule/DefaultRetention");
            retention.put("Mode", "GOVERNANCE").put("Days", 7);

            assertThat(BackupReachPolicies.reportBucketLocksEvidenceForTheBackupRetention(t)).containsExactly(
                    "ReportBucket: the default retention must be COMPLIANCE, found GOVERNANCE",
                    "ReportBucket: objects are locked for at least 7 days, less than the 35 days RetentionDays allows");
        }

        @Test
        void opsKey_whenDeletionPolicyIsMissing_reportsIt() {
            resource("OpsKey").remove("DeletionPolicy");

            assertThat(BackupReachPolicies.statefulResourcesAreRetained(t))
                    .containsExactly("template.yaml OpsKey (AWS::KMS::Key): no DeletionPolicy");
        }

        @Test
        void ledger_whenDeletionPolicyIsDelete_reportsIt() {
            resource("LedgerTable").put("DeletionPolicy", "Delete");

            assertThat(BackupReachPolicies.statefulResourcesAreRetained(t))
                    .containsExactly("template.yaml LedgerTable (AWS::DynamoDB::Table): DeletionPolicy Delete destroys its data");
        }

        @Test
        void ledger_whenDeletionPolicyIsMissing_reportsIt() {
            resource("LedgerTable").remove("DeletionPolicy");

            assertThat(BackupReachPolicies.statefulResourcesAreRetained(t))
                    .containsExactly("template.yaml LedgerTable (AWS::DynamoDB::Table): no DeletionPolicy");
        }

        @Test
        void reportBucket_whenDeletionPolicyIsMissing_reportsIt() {
            resource("ReportBucket").remove("DeletionPolicy");

            assertThat(BackupReachPolicies.statefulResourcesAreRetained(t))
                    .containsExactly("template.yaml ReportBucket (AWS::S3::Bucket): no DeletionPolicy");
        }

        @Test
        void queue_whenUpdateReplacePolicyIsMissing_reportsIt() {
            resource("UndeliveredAlertsQueue").remove("UpdateReplacePolicy");

            assertThat(BackupReachPolicies.statefulResourcesAreRetained(t))
                    .containsExactly("template.yaml UndeliveredAlertsQueue (AWS::SQS::Queue): no UpdateReplacePolicy");
        }
    }
}

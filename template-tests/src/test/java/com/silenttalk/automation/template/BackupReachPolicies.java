package com.silenttalk.automation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.infra.cloudformation.StatefulResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 15 over template.yaml: what the suite writes and keeps is out of reach of the suite itself. Each method
 * returns the violations it finds (empty when the template complies), so tests can also show it catching a
 * deliberately broken copy.
 */
final class BackupReachPolicies {

    static final String PRUNER = "RetentionPrunerFunction";

    /** Actions that delete, shorten or unlock what an AWS Backup vault holds. */
    static final Set<String> VAULT_DESTROYING_ACTIONS = Set.of("backup:DeleteRecoveryPoint",
            "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault", "backup:DeleteBackupVaultLockConfiguration",
            "backup:PutBackupVaultLockConfiguration", "backup:PutBackupVaultAccessPolicy",
            "backup:DeleteBackupVaultAccessPolicy", "backup:DisassociateRecoveryPoint",
            "backup:DisassociateRecoveryPointFromParent");

    static final Set<String> SNAPSHOT_DELETES = Set.of("rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot");

    /** The only names the suite gives its snapshots; AWS Backup names its RDS recovery points awsbackup:job-... */
    static final String SUITE_SNAPSHOTS = ":snapshot:st-auto-*";
    static final String SUITE_CLUSTER_SNAPSHOTS = ":cluster-snapshot:st-auto-*";

    private BackupReachPolicies() {
    }

    /**
     * No function may touch a vault's recovery points, and snapshot deletes (the pruner's, and the scheduler's when the
     * quota is full) reach only the suite's own snapshots. The pruner gets nothing beyond reads, the ledger and those
     * deletes: no IAM, STS, Lambda, CloudFormation, KMS administration or any other write it could turn into a path
     * to the vaults.
     */
    static List<String> noFunctionCanDeleteFromALockedVault(JsonNode template) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : fields(template.path("Resources"))) {
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            String function = resource.getKey();
            boolean pruner = PRUNER.equals(function);
            for (JsonNode policy : resource.getValue().path("Properties").path("Policies")) {
                if (!policy.has("Statement")) {
                    violations.add(function + ": policy template " + policy.fieldNames().next() + " cannot be checked");
                    continue;
                }
                for (JsonNode statement : policy.path("Statement")) {
                    if (!"Allow".equals(statement.path("Effect").asText())) {
                        continue;
                    }
                    String sid = statement.path("Sid").asText("(no Sid)");
                    for (String action : strings(statement.path("Action"))) {
                        if (VAULT_DESTROYING_ACTIONS.contains(action) || action.startsWith("backup:") && action.contains("*")) {
                            violations.add(function + " " + sid + ": " + action + " reaches the recovery points of a locked vault");
                        } else if (SNAPSHOT_DELETES.contains(action)) {
                            checkSuiteSnapshotsOnly(function, sid, action, statement, violations);
                        } else if (pruner && !isRead(action) && !isLedgerWrite(action, statement)) {
                            violations.add(function + " " + sid + ": " + action
                                    + " is more than a pruner needs (reads, the ledger, suite snapshot deletes)");
                        }
                    }
                }
            }
        }
        return violations;
    }

    /**
     * The report bucket (manifests, drill reports) has S3 Object Lock in compliance mode by default, for at least the
     * longest backup retention the template allows, so drill evidence cannot be erased.
     */
    static List<String> reportBucketLocksEvidenceForTheBackupRetention(JsonNode template) {
        List<String> violations = new ArrayList<>();
        JsonNode bucket = template.path("Resources").path("ReportBucket").path("Properties");
        if (!bucket.path("ObjectLockEnabled").asText().equals("true")) {
            violations.add("ReportBucket: ObjectLockEnabled must be true");
        }
        JsonNode lock = bucket.path("ObjectLockConfiguration");
        if (!"Enabled".equals(lock.path("ObjectLockEnabled").asText())) {
            violations.add("ReportBucket: ObjectLockConfiguration.ObjectLockEnabled must be Enabled");
        }
        JsonNode retention = lock.at("/Rule/DefaultRetention");
        if (!"COMPLIANCE".equals(retention.path("Mode").asText())) {
            violations.add("ReportBucket: the default retention must be COMPLIANCE, found "
                    + (retention.path("Mode").isMissingNode() ? "none" : retention.path("Mode").asText()));
        }
        int longestBackupRetention = template.path("Parameters").path("RetentionDays").path("MaxValue").asInt(Integer.MAX_VALUE);
        int lockDays = retention.has("Years") ? retention.path("Years").asInt() * 365 : minimumDays(template, retention.path("Days"));
        if (lockDays < longestBackupRetention) {
            violations.add("ReportBucket: objects are locked for at least " + lockDays + " days, less than the "
                    + longestBackupRetention + " days RetentionDays allows");
        }
        if (!"Enabled".equals(bucket.path("VersioningConfiguration").path("Status").asText())) {
            violations.add("ReportBucket: Object Lock needs versioning Enabled");
        }
        return violations;
    }

    /** cfn-lint I3011 over template.yaml: the key, the ledger, the reports, the queues and the gate table are retained. */
    static List<String> statefulResourcesAreRetained(JsonNode template) {
        return StatefulResources.notRetained("template.yaml", template);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void checkSuiteSnapshotsOnly(String function, String sid, String action, JsonNode statement,
                                                List<String> violations) {
        for (JsonNode resource : asList(statement.path("Resource"))) {
            String arn = resource.isTextual() ? resource.asText() : resource.path("Fn::Sub").asText(resource.toString());
            if (!arn.endsWith(SUITE_SNAPSHOTS) && !arn.endsWith(SUITE_CLUSTER_SNAPSHOTS)) {
                violations.add(function + " " + sid + ": " + action + " on " + arn
                        + " reaches snapshots the suite did not name (AWS Backup's recovery points among them)");
            }
        }
        if (!statement.at("/Condition/StringEquals").has("aws:ResourceTag/silenttalk:created-by")) {
            violations.add(function + " " + sid + ": " + action + " is not conditioned on the silenttalk:created-by tag");
        }
    }

    private static boolean isRead(String action) {
        String verb = action.substring(action.indexOf(':') + 1);
        return verb.startsWith("Describe") || verb.startsWith("List") || verb.startsWith("Get");
    }

    private static boolean isLedgerWrite(String action, JsonNode statement) {
        return action.equals("dynamodb:PutItem") && statement.path("Resource").toString().contains("LedgerTable");
    }

    /** A literal number, or the MinValue of the parameter it Refs (the least any deploy can set). */
    private static int minimumDays(JsonNode template, JsonNode value) {
        if (value.has("Ref")) {
            return template.path("Parameters").path(value.path("Ref").asText()).path("MinValue").asInt(0);
        }
        return value.asInt(0);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        asList(node).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node::fields;
    }
}

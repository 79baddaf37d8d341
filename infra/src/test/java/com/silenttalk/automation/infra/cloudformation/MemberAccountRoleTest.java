package com.silenttalk.automation.infra.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/aws/member-account-role.yaml (issue #18): the role the suite's scheduler assumes in a member account. Trusted
 * by the suite's account only, with the external id; least privilege for snapshot, quota listing, pruning and copy.
 * Each check is also run on a broken copy, to prove it can fail.
 */
class MemberAccountRoleTest {
    static final String FILE = "member-account-role.yaml";
    /** What the scheduler's RdsSnapshotStore calls in the member account, and the copier's copy with the member's keys. */
    static final Set<String> ALLOWED = Set.of("rds:CreateDBSnapshot", "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource",
            "rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots", "rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot",
            "rds:CopyDBSnapshot", "rds:CopyDBClusterSnapshot", "kms:DescribeKey", "kms:CreateGrant");

    static AwsTemplates shipped;

    @BeforeAll
    static void load() {
        shipped = AwsTemplates.load();
    }

    /** The trust policy: one statement, sts:AssumeRole, the suite's account, the external id required. */
    static List<String> trustsOnlyTheSuiteWithTheExternalId(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        JsonNode statements = t.properties(FILE, "MemberRole").at("/AssumeRolePolicyDocument/Statement");
        if (statements.size() != 1) {
            violations.add("the trust policy has " + statements.size() + " statements, not one");
        }
        for (JsonNode s : statements) {
            String principal = s.path("Principal").path("AWS").path("Fn::Sub").asText();
            if (!principal.equals("arn:${AWS::Partition}:iam::${SuiteAccountId}:root")) {
                violations.add("trusted principal " + s.path("Principal") + " is not the suite's account (SuiteAccountId)");
            }
            if (!s.path("Action").asText().equals("sts:AssumeRole")) {
                violations.add("the trust policy allows " + s.path("Action") + ", not sts:AssumeRole only");
            }
            if (!"ExternalId".equals(s.at("/Condition/StringEquals/sts:ExternalId/Ref").asText())) {
                violations.add("the trust policy does not require sts:ExternalId = ExternalId");
            }
            if (!s.at("/Condition/ArnLike/aws:PrincipalArn/Fn::Sub").asText().contains("${SuiteRoleNamePattern}")) {
                violations.add("the trust policy admits every principal of the suite's account, not its scheduler's role");
            }
        }
        if (!t.template(FILE).at("/Parameters/ExternalId/NoEcho").asBoolean()) {
            violations.add("parameter ExternalId is echoed (NoEcho is not true)");
        }
        return violations;
    }

    /** The permissions: only {@link #ALLOWED}, each on this account's resources, never "*"; deletes only suite-tagged. */
    static List<String> grantsLeastPrivilege(AwsTemplates t) {
        List<String> violations = new ArrayList<>();
        for (JsonNode policy : t.properties(FILE, "MemberRole").path("Policies")) {
            for (JsonNode s : policy.at("/PolicyDocument/Statement")) {
                List<String> actions = strings(s.path("Action"));
                for (String action : actions) {
                    if (!ALLOWED.contains(action)) {
                        violations.add(s.path("Sid").asText() + " allows " + action);
                    }
                }
                for (JsonNode resource : s.path("Resource").isArray() ? s.path("Resource") : List.of(s.path("Resource"))) {
                    String arn = resource.path("Fn::Sub").asText(resource.asText());
                    if (!arn.contains(":${AWS::AccountId}:")) {
                        violations.add(s.path("Sid").asText() + " reaches " + arn + ", not only this account's resources");
                    }
                }
                boolean deletes = actions.stream().anyMatch(a -> a.startsWith("rds:Delete"));
                if (deletes && !"ops-automation".equals(s.at("/Condition/StringEquals/aws:ResourceTag~1silenttalk:created-by").asText())) {
                    violations.add(s.path("Sid").asText() + " deletes snapshots that are not tagged silenttalk:created-by=ops-automation");
                }
            }
        }
        return violations;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    @Test
    void memberRole_whenShipped_trustsOnlyTheSuitesSchedulerWithTheExternalId() {
        assertThat(trustsOnlyTheSuiteWithTheExternalId(shipped)).isEmpty();
    }

    @Test
    void memberRole_whenShipped_grantsOnlySnapshotListPruneAndCopyOnThisAccountsResources() {
        assertThat(grantsLeastPrivilege(shipped)).isEmpty();
        Set<String> granted = new TreeSet<>();
        for (JsonNode policy : shipped.properties(FILE, "MemberRole").path("Policies")) {
            policy.at("/PolicyDocument/Statement").forEach(s -> granted.addAll(strings(s.path("Action"))));
        }
        assertThat(granted).containsExactlyInAnyOrderElementsOf(ALLOWED);
    }

    @Test
    void memberRole_whenShipped_isValidAgainstTheCloudFormationSpecification() {
        assertThat(CloudFormationSpecChecker.fromInstalledSpecification()
                .check(RepositoryLayout.infraDir().resolve("aws").resolve(FILE))).isEmpty();
    }

    @Test
    void trust_whenTheExternalIdConditionIsDropped_isAViolation() {
        AwsTemplates t = shipped.copy();
        ObjectNode statement = (ObjectNode) t.properties(FILE, "MemberRole").at("/AssumeRolePolicyDocument/Statement/0");
        ((ObjectNode) statement.path("Condition")).remove("StringEquals");

        assertThat(trustsOnlyTheSuiteWithTheExternalId(t)).singleElement().asString().contains("sts:ExternalId");
    }

    @Test
    void trust_whenEveryoneIsTrusted_isAViolation() {
        AwsTemplates t = shipped.copy();
        ObjectNode statement = (ObjectNode) t.properties(FILE, "MemberRole").at("/AssumeRolePolicyDocument/Statement/0");
        statement.putObject("Principal").put("AWS", "*");

        assertThat(trustsOnlyTheSuiteWithTheExternalId(t)).singleElement().asString().contains("not the suite's account");
    }

    @Test
    void permissions_whenAWiderActionOrResourceOrAnUntaggedDeleteIsAdded_areViolations() {
        AwsTemplates t = shipped.copy();
        ArrayNode statements = (ArrayNode) t.properties(FILE, "MemberRole").at("/Policies/0/PolicyDocument/Statement");
        ObjectNode wide = statements.addObject();
        wide.put("Sid", "Wide").put("Effect", "Allow").put("Resource", "*");
        wide.putArray("Action").add("rds:DeleteDBInstance").add("rds:DeleteDBSnapshot");

        assertThat(grantsLeastPrivilege(t)).containsExactly("Wide allows rds:DeleteDBInstance",
                "Wide reaches *, not only this account's resources",
                "Wide deletes snapshots that are not tagged silenttalk:created-by=ops-automation");
    }
}

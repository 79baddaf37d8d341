package com.silenttalk.automation.infra.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * infra/azure/subscription-backup-role.json (issue #18): the function app's identity in a resource group of another
 * subscription gets exactly the backup store's ARM actions (a custom role, assignable there only) and Monitoring
 * Metrics Publisher, and nothing else. Validated against the official schemas like platform.json.
 */
class SubscriptionBackupRoleTest {
    static final Path FILE = RepositoryLayout.infraDir().resolve("azure/subscription-backup-role.json");
    static final List<String> BACKUP_ACTIONS = List.of("Microsoft.DBforPostgreSQL/flexibleServers/read",
            "Microsoft.DBforPostgreSQL/flexibleServers/backups/read", "Microsoft.DBforPostgreSQL/flexibleServers/backups/write",
            "Microsoft.DBforPostgreSQL/flexibleServers/backups/delete");
    static final String FUNCTION = "[parameters('functionPrincipalId')]";

    static ObjectNode template() throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(FILE.toFile());
    }

    static List<JsonNode> resources(JsonNode template, String type) {
        List<JsonNode> out = new ArrayList<>();
        template.path("resources").forEach(r -> {
            if (type.equals(r.path("type").asText())) {
                out.add(r);
            }
        });
        return out;
    }

    /** One custom role with exactly the backup actions, assignable in this resource group only; two assignments to the function. */
    static List<String> violations(JsonNode template) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> roles = resources(template, "Microsoft.Authorization/roleDefinitions");
        if (roles.size() != 1) {
            violations.add("expected one role definition, found " + roles.size());
            return violations;
        }
        JsonNode role = roles.get(0);
        List<String> actions = new ArrayList<>();
        role.at("/properties/permissions/0/actions").forEach(a -> actions.add(a.asText()));
        if (!actions.equals(BACKUP_ACTIONS) || role.at("/properties/permissions").size() != 1
                || role.at("/properties/permissions/0/dataActions").size() > 0) {
            violations.add("the backup role grants " + actions + ", the backup store requires exactly " + BACKUP_ACTIONS);
        }
        if (!"[resourceGroup().id]".equals(role.at("/properties/assignableScopes/0").asText())
                || role.at("/properties/assignableScopes").size() != 1) {
            violations.add("the backup role must be assignable in its resource group only");
        }
        List<JsonNode> assignments = resources(template, "Microsoft.Authorization/roleAssignments");
        for (JsonNode a : assignments) {
            if (!FUNCTION.equals(a.at("/properties/principalId").asText()) || a.has("scope")) {
                violations.add("assignment " + a.path("name").asText() + " is not the function's, on this resource group");
            }
        }
        List<String> granted = assignments.stream().map(a -> a.at("/properties/roleDefinitionId").asText()).sorted().toList();
        List<String> expected = List.of("[resourceId('Microsoft.Authorization/roleDefinitions', variables('backupRoleId'))]",
                "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('monitoringMetricsPublisherRoleId'))]");
        if (!granted.equals(expected)) {
            violations.add("the function is given " + granted + ", expected the backup role and Monitoring Metrics Publisher");
        }
        if (!"3913510d-42f4-4e42-8a64-420c390055eb".equals(template.at("/variables/monitoringMetricsPublisherRoleId").asText())) {
            violations.add("monitoringMetricsPublisherRoleId is not the built-in Monitoring Metrics Publisher");
        }
        return violations;
    }

    @Test
    void validate_whenShipped_reportsNoSchemaProblems() {
        assertThat(ArmTemplateValidator.fromSharedSchemas().validate(FILE)).isEmpty();
    }

    @Test
    void backupRole_whenShipped_grantsTheFunctionExactlyTheBackupStoresActionsHere() throws IOException {
        assertThat(violations(template())).isEmpty();
    }

    @Test
    void backupRole_whenAWiderActionOrAnotherPrincipalIsAdded_isAViolation() throws IOException {
        ObjectNode wider = template();
        ((ArrayNode) resources(wider, "Microsoft.Authorization/roleDefinitions").get(0).at("/properties/permissions/0/actions"))
                .add("Microsoft.DBforPostgreSQL/flexibleServers/write");
        ObjectNode other = template();
        ((ObjectNode) resources(other, "Microsoft.Authorization/roleAssignments").get(1).path("properties"))
                .put("principalId", "00000000-0000-0000-0000-000000000001");

        assertThat(violations(wider)).singleElement().asString().contains("flexibleServers/write");
        assertThat(violations(other)).singleElement().asString().contains("is not the function's");
    }
}

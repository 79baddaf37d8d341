package com.silenttalk.automation.infra.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validator catches what the loose schemas and ARM's late errors would let through. */
class ArmTemplateValidatorTest {

    private static ArmTemplateValidator validator;
    private static JsonNode shipped;
    private ObjectNode template;

    @BeforeAll
    static void load() throws IOException {
        validator = ArmTemplateValidator.fromSharedSchemas();
        shipped = new ObjectMapper().readTree(RepositoryLayout.infraDir().resolve("azure/platform.json").toFile());
    }

    private ObjectNode resource(String type) {
        template = shipped.deepCopy();
        return AzurePlatformPolicies.resources(template, type).get(0);
    }

    @Test
    void validate_whenFlexibleServerPropertyMisspelled_reportsUnknownProperty() {
        ObjectNode backup = (ObjectNode) resource("Microsoft.DBforPostgreSQL/flexibleServers").at("/properties/backup");
        backup.set("backupRetentionDayz", backup.remove("backupRetentionDays"));

        assertThat(validator.validate(template, "platform.json")).anySatisfy(problem -> assertThat(problem)
                .contains("Microsoft.DBforPostgreSQL/flexibleServers")
                .contains("property 'backupRetentionDayz' is not defined in the schema"));
    }

    @Test
    void validate_whenEventGridAdvancedFilterValuesMisspelled_reportsItButAcceptsTheBaseKey() {
        ObjectNode filter = (ObjectNode) resource("Microsoft.EventGrid/systemTopics/eventSubscriptions").at("/properties/filter/advancedFilters/0");
        filter.set("valuez", filter.remove("values"));

        assertThat(validator.validate(template, "platform.json"))
                .anySatisfy(problem -> assertThat(problem).contains("property 'valuez' is not defined in the schema"))
                .noneSatisfy(problem -> assertThat(problem).contains("property 'key' is not defined"));
    }

    @Test
    void validate_whenEnumValueInvalid_reportsIt() {
        ((ObjectNode) resource("Microsoft.Cache/redis").at("/properties/sku")).put("name", "Platinum");

        assertThat(validator.validate(template, "platform.json"))
                .anySatisfy(problem -> assertThat(problem).contains("Microsoft.Cache/redis").contains("/properties/sku/name"));
    }

    @Test
    void validate_whenMetricAlertCriterionMisspelled_reportsIt() {
        ((ObjectNode) resource("Microsoft.Insights/metricAlerts").at("/properties/criteria/allOf/0")).put("treshold", 5);

        assertThat(validator.validate(template, "platform.json"))
                .anySatisfy(problem -> assertThat(problem).contains("property 'treshold' is not defined in the schema"));
    }

    @Test
    void validate_whenApiVersionNotInSnapshot_reportsIt() {
        resource("Microsoft.KeyVault/vaults").put("apiVersion", "2019-09-01");

        assertThat(validator.validate(template, "platform.json")).singleElement().asString()
                .endsWith("Microsoft.KeyVault/vaults: no schema for apiVersion 2019-09-01 in the arm-schemas snapshot "
                        + "(use a listed version)");
    }

    @Test
    void validate_whenDependsOnTargetsMissingResource_reportsIt() {
        ((ArrayNode) resource("Microsoft.Network/natGateways").path("dependsOn"))
                .add("[resourceId('Microsoft.Network/publicIPAddresses', 'elsewhere')]");

        assertThat(validator.validate(template, "platform.json")).containsExactly(
                "platform.json: Microsoft.Network/natGateways dependsOn [resourceId('Microsoft.Network/publicIPAddresses', "
                        + "'elsewhere')]: no resource of type Microsoft.Network/publicIPAddresses named elsewhere in this template");
    }

    @Test
    void validate_whenUndeclaredParameterReferenced_reportsIt() {
        ((ObjectNode) resource("Microsoft.Web/serverfarms").path("sku")).put("name", "[parameters('planSku')]");

        assertThat(validator.validate(template, "platform.json"))
                .containsExactly("platform.json: parameters('planSku') is not declared in parameters");
    }

    @Test
    void validate_whenTemplateLevelKeyMisspelled_reportsIt() {
        ObjectNode nat = resource("Microsoft.Network/natGateways");
        nat.set("dependOn", nat.remove("dependsOn"));

        assertThat(validator.validate(template, "platform.json"))
                .anySatisfy(problem -> assertThat(problem).contains("property 'dependOn' is not defined in the schema"));
    }

    @Test
    void validate_whenChildResourceDependsOnParentViaFormattedName_matchesIt() {
        ArmNames names = new ArmNames(shipped);

        assertThat(names.evaluate("[format('{0}/default', variables('storageName'))]"))
                .isEqualTo(names.resourceIdTarget(
                        "[resourceId('Microsoft.Storage/storageAccounts/blobServices', variables('storageName'), 'default')]")
                        .name());
    }
}

package com.silenttalk.automation.infra.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.azure.core.http.HttpPipelineBuilder;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.silenttalk.automation.azure.rotation.KeyVaultSecretStore;
import com.silenttalk.automation.azure.rotation.RotationRequest;
import com.silenttalk.automation.azure.rotation.RotationSettings;
import com.silenttalk.automation.azure.rotation.SecretRotationFunctions;
import com.silenttalk.automation.azure.scaling.AppServicePlanScaler;
import com.silenttalk.automation.infra.RepositoryLayout;
import java.net.URI;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** One named test per platform requirement on Azure, then broken copies proving each check can fail. */
class AzurePlatformPolicyTest {

    private static JsonNode shipped;

    @BeforeAll
    static void load() throws IOException {
        shipped = new ObjectMapper().readTree(RepositoryLayout.infraDir().resolve("azure/platform.json").toFile());
    }

    /** What the alert function's App Service plan scaler says it needs: the template's scaler role must grant exactly that. */
    static final List<String> SCALER_ACTIONS = new AppServicePlanScaler(new ArmClient(new HttpPipelineBuilder().build(),
            URI.create("https://management.azure.com"), wait -> { }, 0)).requiredActions();

    /** The Key Vault data actions the rotation function's store says it needs: the template's rotator role must grant exactly these. */
    static final List<String> ROTATOR_ACTIONS = new KeyVaultSecretStore(new SecretClientBuilder().vaultUrl("https://kv-policy.vault.azure.net")
            .credential(request -> Mono.empty()).buildClient(), Clock.systemUTC(), Duration.ofDays(90)).requiredActions();

    /** The application settings RotationSettings.fromEnv reads, recorded from the code rather than copied. */
    static final Set<String> ROTATION_SETTINGS_READ = rotationSettingsRead();

    private static Set<String> rotationSettingsRead() {
        Set<String> read = new TreeSet<>();
        Map<String, String> env = new HashMap<>(Map.of("ST_ROTATION_VAULT_URL", "https://kv-policy.vault.azure.net",
                "ST_ROTATION_SECRETS", "app-db")) {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                read.add((String) key);
                return super.getOrDefault(key, fallback);
            }
        };
        RotationSettings.fromEnv(env);
        return read;
    }

    private static void assertComplies(Function<JsonNode, List<String>> policy) {
        assertThat(policy.apply(shipped)).isEmpty();
    }

    @Nested
    class AsShipped {
        @Test
        void network_whenShipped_isAVnetWithZoneRedundantResources() {
            assertComplies(AzurePlatformPolicies::networkIsZoneRedundant);
        }

        @Test
        void database_whenShipped_hasZoneRedundantHa() {
            assertComplies(AzurePlatformPolicies::databaseHasZoneRedundantHa);
        }

        @Test
        void database_whenShipped_keepsThirtyDaysOfGeoRedundantBackups() {
            assertComplies(AzurePlatformPolicies::databaseKeepsThirtyDaysOfGeoRedundantBackups);
        }

        @Test
        void database_whenShipped_requiresSecureTransportWithTls13() {
            assertComplies(AzurePlatformPolicies::databaseRequiresSecureTransport);
        }

        @Test
        void cache_whenShipped_isPremiumZoneRedundantWithNonTlsPortDisabled() {
            assertComplies(AzurePlatformPolicies::cacheIsPremiumZoneRedundantTlsOnly);
        }

        @Test
        void storage_whenShipped_isZrsWithVersioningAndSoftDelete() {
            assertComplies(AzurePlatformPolicies::storageIsZrsVersionedWithSoftDelete);
        }

        @Test
        void appTiers_whenShipped_autoscaleMin3Max10At70And30ForFiveMinutes() {
            assertComplies(AzurePlatformPolicies::appTiersAutoscaleThreeToTenAt70And30ForFiveMinutes);
        }

        @Test
        void appTiers_whenShipped_haveHealthChecksAndTls13() {
            assertComplies(AzurePlatformPolicies::appTiersHaveHealthChecksAndTls13);
        }

        @Test
        void waf_whenShipped_limitsEachIpTo2000RequestsPerFiveMinutes() {
            assertComplies(AzurePlatformPolicies::wafLimitsEachIpTo2000RequestsPerFiveMinutes);
        }

        @Test
        void waf_whenShipped_limitsEachIpTo1000ApiRequestsPerFiveMinutes() {
            assertComplies(AzurePlatformPolicies::wafLimitsEachIpTo1000ApiRequestsPerFiveMinutes);
        }

        @Test
        void waf_whenShipped_usesManagedOwaspRulesInPreventionOnTheEndpoint() {
            assertComplies(AzurePlatformPolicies::wafUsesManagedOwaspRulesInPrevention);
        }

        @Test
        void frontDoor_whenShipped_servesHttpsOnlyWithDocumentedTlsMinimum() {
            assertComplies(AzurePlatformPolicies::frontDoorServesHttpsOnly);
        }

        @Test
        void turn_whenShipped_runsTwoToSixStandardB2s() {
            assertComplies(AzurePlatformPolicies::turnRunsTwoToSixStandardB2s);
        }

        @Test
        void turn_whenShipped_opens3478UdpTcp5349AndRelayRange() {
            assertComplies(AzurePlatformPolicies::turnOpensSignallingTlsAndRelayPorts);
        }

        @Test
        void turn_whenShipped_readsLongTermCredentialsFromKeyVault() {
            assertComplies(AzurePlatformPolicies::turnReadsLongTermCredentialsFromKeyVault);
        }

        @Test
        void keyVault_whenShipped_hasSoftDeletePurgeProtectionRbacAndFirewall() {
            assertComplies(AzurePlatformPolicies::keyVaultHasSoftDeletePurgeProtectionRbacAndFirewall);
        }

        @Test
        void backupVault_whenShipped_isGeoRedundantWithThirtyDayPolicy() {
            assertComplies(AzurePlatformPolicies::backupVaultIsGeoRedundantWithThirtyDayPolicy);
        }

        @Test
        void backupVault_whenShipped_hasLockedImmutability() {
            assertComplies(AzurePlatformPolicies::backupVaultImmutabilityIsLocked);
        }

        @Test
        void backupContainers_whenShipped_areImmutableUnderALockedRetentionPolicy() {
            assertComplies(AzurePlatformPolicies::backupContainersAreImmutableUnderALockedRetentionPolicy);
        }

        @Test
        void alerts_whenShipped_coverSeedThresholdsAndReachTheAlertFunction() {
            assertComplies(AzurePlatformPolicies::alertsCoverTheSeedThresholdsAndReachTheAlertFunction);
        }

        @Test
        void appPlans_whenShipped_scaleOnAlarmsWithOneControllerAndTheScalersExactActions() {
            assertComplies(t -> AzurePlatformPolicies.appPlansScaleOnAlarmsWithOneController(t, SCALER_ACTIONS));
        }

        @Test
        void suiteBackupAlerts_whenShipped_alertOnBackupFailureAndRpoBreach() {
            assertComplies(AzurePlatformPolicies::suiteBackupAlertsWatchTheFunctionsMetrics);
        }

        @Test
        void logAnalytics_whenShipped_keepsThirtyDays() {
            assertComplies(AzurePlatformPolicies::logsAreKeptThirtyDays);
        }

        @Test
        void secretNearExpiry_whenShipped_reachesOnlyTheRotationFunctionWithRetriesAndDeadLetter() {
            assertComplies(t -> AzurePlatformPolicies.secretNearExpiryReachesOnlyTheRotationFunction(t, RotationRequest.NEAR_EXPIRY,
                    SecretRotationFunctions.NEAR_EXPIRY_FUNCTION));
        }

        @Test
        void rotationRole_whenShipped_grantsExactlyTheStoresDataActionsOnTheVault() {
            assertComplies(t -> AzurePlatformPolicies.rotationRoleGrantsExactlyTheStoresDataActionsOnTheVault(t, ROTATOR_ACTIONS));
        }

        @Test
        void metricsPublisher_whenShipped_isAssignedOnEveryFlexibleServer() {
            assertComplies(AzurePlatformPolicies::functionAppPublishesMetricsOnEveryFlexibleServer);
        }

        @Test
        void rotationAppSettings_whenShipped_areExactlyWhatTheFunctionReads() {
            assertThat(ROTATION_SETTINGS_READ).contains("ST_ROTATION_VAULT_URL", "ST_ROTATION_SECRETS");
            assertComplies(t -> AzurePlatformPolicies.rotationAppSettingsAreExactlyWhatTheFunctionReads(t, ROTATION_SETTINGS_READ));
        }

        @Test
        void template_whenShipped_exposesParametersAndOutputsForTheSuite() {
            assertComplies(AzurePlatformPolicies::templateExposesParametersAndOutputsForTheSuite);
        }
    }

    @Nested
    class WhenBroken {
        private final ObjectNode t = shipped.deepCopy();

        private ObjectNode first(String type) {
            return AzurePlatformPolicies.resources(t, type).get(0);
        }

        private ObjectNode wafRule(String name) {
            for (JsonNode rule : first("Microsoft.Network/FrontDoorWebApplicationFirewallPolicies").at("/properties/customRules/rules")) {
                if (rule.path("name").asText().equals(name)) {
                    return (ObjectNode) rule;
                }
            }
            throw new IllegalStateException("no WAF rule " + name);
        }

        @Test
        void wafGeneralRateLimit_whenThresholdIs5000_reportsViolation() {
            wafRule("RateLimitGeneral").put("rateLimitThreshold", 5000);

            assertThat(AzurePlatformPolicies.wafLimitsEachIpTo2000RequestsPerFiveMinutes(t))
                    .singleElement().asString().contains("found 5000 per 5 min");
        }

        @Test
        void wafApiRateLimit_whenWindowIsOneMinute_reportsViolation() {
            wafRule("RateLimitApi").put("rateLimitDurationInMinutes", 1);

            assertThat(AzurePlatformPolicies.wafLimitsEachIpTo1000ApiRequestsPerFiveMinutes(t))
                    .singleElement().asString().contains("per 1 min");
        }

        private ObjectNode backupAccount(String variable) {
            return AzurePlatformPolicies.resources(t, "Microsoft.Storage/storageAccounts").stream()
                    .filter(a -> a.path("name").asText().equals("[variables('" + variable + "')]")).findFirst().orElseThrow();
        }

        @Test
        void backupVaultImmutability_whenUnlocked_reportsViolation() {
            ((ObjectNode) first("Microsoft.DataProtection/backupVaults").at("/properties/securitySettings/immutabilitySettings"))
                    .put("state", "Unlocked");

            assertThat(AzurePlatformPolicies.backupVaultImmutabilityIsLocked(t)).singleElement().asString()
                    .endsWith("/properties/securitySettings/immutabilitySettings/state must be Locked, found Unlocked");
        }

        @Test
        void backupImmutability_whenTheParameterDefaultsToUnlocked_reportsTheVaultAndBothAccounts() {
            ((ObjectNode) t.path("parameters").path("backupImmutabilityState")).put("defaultValue", "Unlocked");

            assertThat(AzurePlatformPolicies.backupVaultImmutabilityIsLocked(t)).hasSize(1);
            assertThat(AzurePlatformPolicies.backupContainersAreImmutableUnderALockedRetentionPolicy(t)).hasSize(2)
                    .allSatisfy(v -> assertThat(v).contains("immutabilityPolicy/state must be Locked, found Unlocked"));
        }

        @Test
        void backupImmutability_whenTheParameterAllowsDisabled_reportsIt() {
            ((ArrayNode) t.path("parameters").path("backupImmutabilityState").path("allowedValues")).add("Disabled");

            assertThat(AzurePlatformPolicies.backupVaultImmutabilityIsLocked(t)).singleElement().asString()
                    .contains("comes from a parameter that allows [\"Unlocked\",\"Locked\",\"Disabled\"]");
        }

        @Test
        void backupContainer_whenVersionLevelImmutabilityIsOff_reportsViolation() {
            ObjectNode container = AzurePlatformPolicies.resources(t, "Microsoft.Storage/storageAccounts/blobServices/containers")
                    .stream().filter(c -> c.path("name").asText().contains("pairedBackupName")).findFirst().orElseThrow();
            ((ObjectNode) container.at("/properties/immutableStorageWithVersioning")).put("enabled", false);

            assertThat(AzurePlatformPolicies.backupContainersAreImmutableUnderALockedRetentionPolicy(t)).singleElement()
                    .asString().contains("/properties/immutableStorageWithVersioning/enabled must be true, found false");
        }

        @Test
        void backupAccount_whenBlobsAreImmutableFor7Days_reportsTheShortRetention() {
            ((ObjectNode) backupAccount("backupStorageName").at("/properties/immutableStorageWithVersioning/immutabilityPolicy"))
                    .put("immutabilityPeriodSinceCreationInDays", 7);

            assertThat(AzurePlatformPolicies.backupContainersAreImmutableUnderALockedRetentionPolicy(t)).containsExactly(
                    "[variables('backupStorageName')]: blob versions are immutable for 7 days, less than the suite's 30-day retention");
        }

        @Test
        void backupAccount_whenThePolicyIsUnlocked_reportsViolation() {
            ((ObjectNode) backupAccount("pairedBackupName").at("/properties/immutableStorageWithVersioning/immutabilityPolicy"))
                    .put("state", "Unlocked");

            assertThat(AzurePlatformPolicies.backupContainersAreImmutableUnderALockedRetentionPolicy(t)).singleElement()
                    .asString().contains("pairedBackupName").contains("must be Locked, found Unlocked");
        }

        @Test
        void databaseHa_whenDisabled_reportsViolation() {
            ((ObjectNode) first("Microsoft.DBforPostgreSQL/flexibleServers").at("/properties/highAvailability"))
                    .put("mode", "Disabled");

            assertThat(AzurePlatformPolicies.databaseHasZoneRedundantHa(t)).singleElement().asString().contains("ZoneRedundant");
        }

        @Test
        void databaseBackups_whenSevenDaysLocal_reportsBoth() {
            ObjectNode backup = (ObjectNode) first("Microsoft.DBforPostgreSQL/flexibleServers").at("/properties/backup");
            backup.put("backupRetentionDays", 7).put("geoRedundantBackup", "Disabled");

            assertThat(AzurePlatformPolicies.databaseKeepsThirtyDaysOfGeoRedundantBackups(t)).hasSize(2);
        }

        @Test
        void cacheNonTlsPort_whenEnabled_reportsViolation() {
            ((ObjectNode) first("Microsoft.Cache/redis").path("properties")).put("enableNonSslPort", true);

            assertThat(AzurePlatformPolicies.cacheIsPremiumZoneRedundantTlsOnly(t)).singleElement().asString()
                    .contains("enableNonSslPort");
        }

        @Test
        void appAutoscale_whenMaximumIs20_reportsViolation() {
            ((ObjectNode) first("Microsoft.Insights/autoscalesettings").at("/properties/profiles/0/capacity"))
                    .put("maximum", "20");

            assertThat(AzurePlatformPolicies.appTiersAutoscaleThreeToTenAt70And30ForFiveMinutes(t))
                    .singleElement().asString().contains("3..20");
        }

        @Test
        void turnSize_whenDefaultIsLarger_reportsViolation() {
            ((ObjectNode) t.at("/parameters/turnVmSize")).put("defaultValue", "Standard_D4s_v5");

            assertThat(AzurePlatformPolicies.turnRunsTwoToSixStandardB2s(t)).singleElement().asString()
                    .contains("Standard_D4s_v5");
        }

        @Test
        void turnPorts_whenRelayRuleRemoved_reportsViolation() {
            ((ArrayNode) first("Microsoft.Network/networkSecurityGroups").at("/properties/securityRules")).remove(3);

            assertThat(AzurePlatformPolicies.turnOpensSignallingTlsAndRelayPorts(t))
                    .containsExactly("the TURN NSG does not open udp 49152-65535");
        }

        @Test
        void keyVaultPurgeProtection_whenOff_reportsViolation() {
            ((ObjectNode) first("Microsoft.KeyVault/vaults").path("properties")).put("enablePurgeProtection", false);

            assertThat(AzurePlatformPolicies.keyVaultHasSoftDeletePurgeProtectionRbacAndFirewall(t)).isNotEmpty();
        }

        @Test
        void logRetention_when90Days_reportsViolation() {
            ((ObjectNode) first("Microsoft.OperationalInsights/workspaces").path("properties")).put("retentionInDays", 90);

            assertThat(AzurePlatformPolicies.logsAreKeptThirtyDays(t)).singleElement().asString().contains("found 90");
        }

        @Test
        void rpoAlert_whenThresholdIsTwelveHours_reportsViolation() {
            for (ObjectNode alert : AzurePlatformPolicies.resources(t, "Microsoft.Insights/metricAlerts")) {
                JsonNode criterion = alert.at("/properties/criteria/allOf/0");
                if (criterion.path("metricName").asText().equals("VerifiedBackupAgeSeconds")) {
                    ((ObjectNode) criterion).put("threshold", 43200);
                }
            }

            assertThat(AzurePlatformPolicies.suiteBackupAlertsWatchTheFunctionsMetrics(t)).singleElement().asString()
                    .contains("RPO breached");
        }

        @Test
        void backupFailedAlert_whenValidationIsNotSkipped_reportsViolation() {
            for (ObjectNode alert : AzurePlatformPolicies.resources(t, "Microsoft.Insights/metricAlerts")) {
                JsonNode criterion = alert.at("/properties/criteria/allOf/0");
                if (criterion.path("metricName").asText().equals("BackupSucceeded")) {
                    ((ObjectNode) criterion).remove("skipMetricValidation");
                }
            }

            assertThat(AzurePlatformPolicies.suiteBackupAlertsWatchTheFunctionsMetrics(t)).singleElement().asString()
                    .contains("backup-failed").contains("must skip metric validation");
        }

        @Test
        void storageVersioning_whenDisabled_reportsViolation() {
            ((ObjectNode) first("Microsoft.Storage/storageAccounts/blobServices").path("properties"))
                    .put("isVersioningEnabled", false);

            assertThat(AzurePlatformPolicies.storageIsZrsVersionedWithSoftDelete(t)).isNotEmpty();
        }

        private ObjectNode alert(String suffix) {
            for (ObjectNode alert : AzurePlatformPolicies.resources(t, "Microsoft.Insights/metricAlerts")) {
                if (alert.path("name").asText().equals("[format('{0}-" + suffix + "', variables('namePrefix'))]")) {
                    return alert;
                }
            }
            throw new IllegalStateException("no alert " + suffix);
        }

        @Test
        void seedAlerts_whenTheCpuWindowIsTenMinutes_reportsTheMissingCpuAlert() {
            for (ObjectNode alert : AzurePlatformPolicies.resources(t, "Microsoft.Insights/metricAlerts")) {
                if (alert.at("/properties/criteria/allOf/0/metricName").asText().toLowerCase().contains("cpu")) {
                    ((ObjectNode) alert.path("properties")).put("windowSize", "PT10M");
                }
            }

            assertThat(AzurePlatformPolicies.alertsCoverTheSeedThresholdsAndReachTheAlertFunction(t))
                    .containsExactly("no metric alert for CPU > 70 for 5 minutes");
        }

        @Test
        void seedAlerts_whenServer5xxThresholdIs20_reportsIt() {
            ((ObjectNode) alert("server-5xx").at("/properties/criteria/allOf/0")).put("threshold", 20);

            assertThat(AzurePlatformPolicies.alertsCoverTheSeedThresholdsAndReachTheAlertFunction(t))
                    .containsExactly("no metric alert for server 5xx > 10 in 5 minutes");
        }

        @Test
        void seedAlerts_whenOneRoutesToAnotherActionGroup_namesIt() {
            ((ObjectNode) alert("db-disk").at("/properties/actions/0")).put("actionGroupId",
                    "[resourceId('Microsoft.Insights/actionGroups', 'someone-elses')]");

            assertThat(AzurePlatformPolicies.alertsCoverTheSeedThresholdsAndReachTheAlertFunction(t))
                    .containsExactly("[format('{0}-db-disk', variables('namePrefix'))] does not notify exactly the suite's action group");
        }

        @Test
        void seedAlerts_whenTheWebhookDropsTheCommonSchema_reportsIt() {
            ((ObjectNode) first("Microsoft.Insights/actionGroups").at("/properties/webhookReceivers/0")).put("useCommonAlertSchema", false);

            assertThat(AzurePlatformPolicies.alertsCoverTheSeedThresholdsAndReachTheAlertFunction(t)).singleElement().asString()
                    .contains("common alert schema");
        }

        @Test
        void scaling_whenTheScalerRoleGrantsAWildcard_reportsTheDifference() {
            ((ArrayNode) first("Microsoft.Authorization/roleDefinitions").at("/properties/permissions/0/actions")).add("Microsoft.Web/*");

            assertThat(AzurePlatformPolicies.appPlansScaleOnAlarmsWithOneController(t, SCALER_ACTIONS)).singleElement().asString()
                    .contains("Microsoft.Web/*");
        }

        @Test
        void scaling_whenAutoscaleStaysOnBesideTheFunction_reportsTwoControllers() {
            ((ObjectNode) first("Microsoft.Insights/autoscalesettings").path("properties")).put("enabled", true);

            assertThat(AzurePlatformPolicies.appPlansScaleOnAlarmsWithOneController(t, SCALER_ACTIONS)).singleElement().asString()
                    .contains("must be disabled when the alert function scales");
        }

        @Test
        void scaling_whenTheScaleInAlertIsUnconditional_reportsIt() {
            alert("server-cpu-low").remove("condition");

            assertThat(AzurePlatformPolicies.appPlansScaleOnAlarmsWithOneController(t, SCALER_ACTIONS)).singleElement().asString()
                    .contains("scale-in CPU < 30");
        }

        private ObjectNode subscription() {
            return (ObjectNode) first("Microsoft.EventGrid/systemTopics/eventSubscriptions").path("properties");
        }

        private List<String> rotationWiring() {
            return AzurePlatformPolicies.secretNearExpiryReachesOnlyTheRotationFunction(t, RotationRequest.NEAR_EXPIRY,
                    SecretRotationFunctions.NEAR_EXPIRY_FUNCTION);
        }

        @Test
        void rotationSubscription_whenItAlsoTakesSecretExpired_reportsTheEventTypes() {
            ((ArrayNode) subscription().at("/filter/includedEventTypes")).add("Microsoft.KeyVault.SecretExpired");

            assertThat(rotationWiring()).singleElement().asString().contains("exactly Microsoft.KeyVault.SecretNearExpiry");
        }

        @Test
        void rotationSubscription_whenEverySecretPasses_reportsTheMissingSubjectFilter() {
            ((ObjectNode) subscription().path("filter")).remove("advancedFilters");

            assertThat(rotationWiring()).singleElement().asString().contains("only the rotated secrets");
        }

        @Test
        void rotationSubscription_whenDeliveredToTheHttpFunction_reportsTheDestination() {
            ((ObjectNode) subscription().at("/destination/properties")).put("resourceId",
                    "[format('{0}/functions/{1}', parameters('functionAppId'), '" + SecretRotationFunctions.HTTP_FUNCTION + "')]");

            assertThat(rotationWiring()).singleElement().asString().contains("SecretNearExpiry function").contains("SecretRotateHttp");
        }

        @Test
        void rotationSubscription_withoutRetryPolicy_reportsUnboundedRetries() {
            subscription().remove("retryPolicy");

            assertThat(rotationWiring()).singleElement().asString().contains("found 0 and 0");
        }

        @Test
        void rotationSubscription_whenRetriesEndBeforeTheLease_reportsIt() {
            ((ObjectNode) subscription().path("retryPolicy")).put("maxDeliveryAttempts", 3);

            assertThat(rotationWiring()).singleElement().asString().contains("outlast a 15-minute lease");
        }

        @Test
        void rotationSubscription_withoutDeadLetter_reportsIt() {
            subscription().remove("deadLetterWithResourceIdentity");

            assertThat(rotationWiring()).singleElement().asString().contains("dead-lettered");
        }

        @Test
        void deadLetterAccess_whenTheTopicHasNoRoleOnTheContainer_reportsTheAssignment() {
            AzurePlatformPolicies.resources(t, "Microsoft.Authorization/roleAssignments").stream()
                    .filter(a -> a.path("scope").asText().contains("'rotation-dlq'")).findFirst()
                    .map(this::indexOf).ifPresentOrElse(((ArrayNode) t.path("resources"))::remove, () -> {
                        throw new IllegalStateException("no dead-letter role assignment in the shipped template");
                    });

            assertThat(rotationWiring()).singleElement().asString().contains("Storage Blob Data Contributor on the dead-letter container");
        }

        @Test
        void deadLetterAccess_whenTheRoleIdIsBlobDataOwner_reportsTheBuiltInRole() {
            t.with("variables").put("storageBlobDataContributorRoleId", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b");

            assertThat(rotationWiring()).singleElement().asString().contains(AzurePlatformPolicies.STORAGE_BLOB_DATA_CONTRIBUTOR);
        }

        @Test
        void rotationRole_whenItCanDeleteSecrets_reportsTheDifference() {
            for (ObjectNode role : AzurePlatformPolicies.resources(t, "Microsoft.Authorization/roleDefinitions")) {
                if (role.path("name").asText().contains("secretRotatorRoleId")) {
                    ((ArrayNode) role.at("/properties/permissions/0/dataActions")).add("Microsoft.KeyVault/vaults/secrets/delete");
                }
            }

            assertThat(AzurePlatformPolicies.rotationRoleGrantsExactlyTheStoresDataActionsOnTheVault(t, ROTATOR_ACTIONS))
                    .singleElement().asString().contains("Microsoft.KeyVault/vaults/secrets/delete");
        }

        @Test
        void rotationRole_whenAssignedOnTheResourceGroup_reportsTheScope() {
            for (ObjectNode a : AzurePlatformPolicies.resources(t, "Microsoft.Authorization/roleAssignments")) {
                if (a.at("/properties/roleDefinitionId").asText().contains("secretRotatorRoleId")) {
                    a.put("scope", "[resourceGroup().id]");
                }
            }

            assertThat(AzurePlatformPolicies.rotationRoleGrantsExactlyTheStoresDataActionsOnTheVault(t, ROTATOR_ACTIONS))
                    .singleElement().asString().contains("secret rotator on the Key Vault").contains("found 0");
        }

        @Test
        void metricsPublisher_whenTheRoleIdIsMonitoringContributor_reportsTheBuiltInRole() {
            t.with("variables").put("monitoringMetricsPublisherRoleId", "749f88d5-cbae-40b8-bcfc-e573ddc772fa");

            assertThat(AzurePlatformPolicies.functionAppPublishesMetricsOnEveryFlexibleServer(t)).singleElement().asString()
                    .contains(AzurePlatformPolicies.MONITORING_METRICS_PUBLISHER).contains("749f88d5");
        }

        @Test
        void metricsPublisher_whenScopedToTheVaultInsteadOfTheServer_reportsTheMissingAssignment() {
            for (ObjectNode a : AzurePlatformPolicies.resources(t, "Microsoft.Authorization/roleAssignments")) {
                if (a.at("/properties/roleDefinitionId").asText().contains("monitoringMetricsPublisherRoleId")) {
                    a.put("scope", AzurePlatformPolicies.KEY_VAULT_ID);
                }
            }

            assertThat(AzurePlatformPolicies.functionAppPublishesMetricsOnEveryFlexibleServer(t)).singleElement().asString()
                    .contains("Monitoring Metrics Publisher").contains("found 0");
        }

        @Test
        void rotationAppSettings_whenOneIsMissingAndAnotherInvented_reportsBoth() {
            ObjectNode settings = (ObjectNode) t.at("/outputs/rotationAppSettings/value");
            settings.remove("ST_ROTATION_SSLMODE");
            settings.put("ST_ROTATION_TLS", "require");

            assertThat(AzurePlatformPolicies.rotationAppSettingsAreExactlyWhatTheFunctionReads(t, ROTATION_SETTINGS_READ))
                    .singleElement().asString().contains("ST_ROTATION_TLS").contains("reads [").contains("ST_ROTATION_SSLMODE");
        }

        private int indexOf(JsonNode resource) {
            for (int i = 0; i < t.path("resources").size(); i++) {
                if (t.path("resources").get(i) == resource) {
                    return i;
                }
            }
            throw new IllegalStateException("not a resource of the copy");
        }
    }
}

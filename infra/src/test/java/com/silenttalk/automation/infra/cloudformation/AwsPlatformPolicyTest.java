package com.silenttalk.automation.infra.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One named test per platform requirement, then broken copies proving each check can fail. */
class AwsPlatformPolicyTest {

    private static AwsTemplates shipped;

    @BeforeAll
    static void load() {
        shipped = AwsTemplates.load();
    }

    private static void assertComplies(Function<AwsTemplates, List<String>> policy) {
        assertThat(policy.apply(shipped)).isEmpty();
    }

    @Nested
    class AsShipped {
        @Test
        void network_whenShipped_spansThreeZonesInPublicPrivateIsolatedTiersWithNatPerZone() {
            assertComplies(AwsPlatformPolicies::networkSpansThreeZonesInThreeTiers);
        }

        @Test
        void flowLogs_whenShipped_captureAllVpcTraffic() {
            assertComplies(AwsPlatformPolicies::vpcFlowLogsCaptureAllTraffic);
        }

        @Test
        void database_whenShipped_isMultiAz() {
            assertComplies(AwsPlatformPolicies::databaseIsMultiAz);
        }

        @Test
        void database_whenShipped_keepsThirtyDaysOfAutomatedBackups() {
            assertComplies(AwsPlatformPolicies::databaseKeepsThirtyDaysOfBackups);
        }

        @Test
        void database_whenShipped_isDeletionProtectedEncryptedAndPrivate() {
            assertComplies(AwsPlatformPolicies::databaseIsProtectedAndEncrypted);
        }

        @Test
        void database_whenShipped_forcesSslWithTls13Minimum() {
            assertComplies(AwsPlatformPolicies::databaseRequiresTls);
        }

        @Test
        void cache_whenShipped_isClusteredMultiAzWithFailoverTlsAndSecretAuthToken() {
            assertComplies(AwsPlatformPolicies::cacheIsClusteredMultiAzWithFailoverTlsAndAuth);
        }

        @Test
        void bucket_whenShipped_isVersionedEncryptedPrivateWithLifecycle() {
            assertComplies(AwsPlatformPolicies::bucketIsVersionedEncryptedPrivateWithLifecycle);
        }

        @Test
        void appTiers_whenShipped_runMin3Max10Tasks() {
            assertComplies(AwsPlatformPolicies::appTiersRunThreeToTenTasks);
        }

        @Test
        void appTiers_whenShipped_scaleOutAt70AndInUnder30ForFiveMinutes() {
            assertComplies(AwsPlatformPolicies::appTiersScaleOutAt70AndInUnder30ForFiveMinutes);
        }

        @Test
        void appTiers_whenShipped_haveHealthChecks() {
            assertComplies(AwsPlatformPolicies::appTiersHaveHealthChecks);
        }

        @Test
        void loadBalancer_whenShipped_usesTls13SecurityPolicy() {
            assertComplies(AwsPlatformPolicies::loadBalancerUsesTls13Policy);
        }

        @Test
        void cloudFront_whenShipped_isHttpsOnlyWithStrictestViewerPolicyAndWaf() {
            assertComplies(AwsPlatformPolicies::cloudFrontServesHttpsOnlyWithStrictestViewerPolicy);
        }

        @Test
        void waf_whenShipped_limitsEachIpTo2000RequestsPerFiveMinutes() {
            assertComplies(AwsPlatformPolicies::wafLimitsEachIpTo2000RequestsPerFiveMinutes);
        }

        @Test
        void waf_whenShipped_limitsEachIpTo1000ApiRequestsPerFiveMinutes() {
            assertComplies(AwsPlatformPolicies::wafLimitsEachIpTo1000ApiRequestsPerFiveMinutes);
        }

        @Test
        void waf_whenShipped_usesAwsManagedRuleSets() {
            assertComplies(AwsPlatformPolicies::wafUsesAwsManagedRuleSets);
        }

        @Test
        void turn_whenShipped_runsTwoToSixT3Medium() {
            assertComplies(AwsPlatformPolicies::turnRunsTwoToSixT3Medium);
        }

        @Test
        void turn_whenShipped_opens3478UdpTcp5349AndRelayRange() {
            assertComplies(AwsPlatformPolicies::turnOpensSignallingTlsAndRelayPorts);
        }

        @Test
        void turn_whenShipped_readsLongTermCredentialsFromSecretsManager() {
            assertComplies(AwsPlatformPolicies::turnReadsLongTermCredentialsFromSecretsManager);
        }

        @Test
        void secrets_whenShipped_rotateWithTheRotationFunction() {
            assertComplies(AwsPlatformPolicies::secretsRotateWithTheRotationFunction);
        }

        @Test
        void backupPlan_whenShipped_runsCron0Every6HoursKeeps30DaysAndCopiesToDr() {
            assertComplies(AwsPlatformPolicies::backupsRunEverySixHoursKeepThirtyDaysAndCopyToDr);
        }

        @Test
        void backupVaults_whenShipped_areLockedInComplianceModeForThirtyDays() {
            assertComplies(AwsPlatformPolicies::backupVaultsAreLockedInComplianceModeForThirtyDays);
        }

        @Test
        void backupVaults_whenShipped_denyDeletingRecoveryPointsToEveryone() {
            assertComplies(AwsPlatformPolicies::backupVaultsDenyDeletingRecoveryPointsToEveryone);
        }

        @Test
        void drVault_whenShipped_takesCopiesFromTheWorkloadAccountOnly() {
            assertComplies(AwsPlatformPolicies::drVaultTakesCopiesFromTheWorkloadAccountOnly);
        }

        @Test
        void statefulResources_whenShipped_areRetainedWhenTheirStackGoes() {
            assertComplies(AwsPlatformPolicies::statefulResourcesAreRetained);
        }

        @Test
        void alarms_whenShipped_coverSeedThresholdsAndReachTheAlertFunction() {
            assertComplies(AwsPlatformPolicies::alarmsCoverTheSeedThresholdsAndReachTheAlertFunction);
        }

        @Test
        void logGroups_whenShipped_keepThirtyDays() {
            assertComplies(AwsPlatformPolicies::logsAreKeptThirtyDays);
        }

        @Test
        void iamPolicies_whenShipped_allowNoWildcardActions() {
            assertComplies(AwsPlatformPolicies::iamGrantsNoWildcardActions);
        }

        @Test
        void rootStack_whenShipped_exposesParametersAndOutputsForTheSuite() {
            assertComplies(AwsPlatformPolicies::rootStackExposesParametersAndOutputsForTheSuite);
        }
    }

    @Nested
    class WhenBroken {
        private final AwsTemplates t = shipped.copy();

        private ObjectNode wafRule(String name) {
            for (var rule : t.properties("edge-waf.yaml", "WebAcl").path("Rules")) {
                if (rule.path("Name").asText().equals(name)) {
                    return (ObjectNode) rule;
                }
            }
            throw new IllegalStateException("no WAF rule " + name);
        }

        @Test
        void wafGeneralRateLimit_whenLimitIs5000_reportsViolation() {
            ((ObjectNode) wafRule("rate-limit-general").at("/Statement/RateBasedStatement")).put("Limit", 5000);

            assertThat(AwsPlatformPolicies.wafLimitsEachIpTo2000RequestsPerFiveMinutes(t))
                    .singleElement().asString().contains("Limit 5000");
        }

        @Test
        void wafApiRateLimit_whenScopeDownRemoved_reportsMissingApiRule() {
            ((ObjectNode) wafRule("rate-limit-api").at("/Statement/RateBasedStatement")).remove("ScopeDownStatement");

            assertThat(AwsPlatformPolicies.wafLimitsEachIpTo1000ApiRequestsPerFiveMinutes(t))
                    .anySatisfy(v -> assertThat(v).contains("no /api rate-based rule"));
        }

        @Test
        void databaseMultiAz_whenFalse_reportsViolation() {
            t.properties("database.yaml", "Database").put("MultiAZ", false);

            assertThat(AwsPlatformPolicies.databaseIsMultiAz(t)).singleElement().asString().contains("MultiAZ");
        }

        @Test
        void databaseBackups_whenRetentionIs7Days_reportsViolation() {
            t.properties("database.yaml", "Database").put("BackupRetentionPeriod", 7);

            assertThat(AwsPlatformPolicies.databaseKeepsThirtyDaysOfBackups(t)).isNotEmpty();
        }

        @Test
        void databaseTls_whenForceSslOff_reportsViolation() {
            ((ObjectNode) t.properties("database.yaml", "ParameterGroup").path("Parameters")).put("rds.force_ssl", "0");

            assertThat(AwsPlatformPolicies.databaseRequiresTls(t)).singleElement().asString().contains("rds.force_ssl");
        }

        @Test
        void cacheFailover_whenAutomaticFailoverDisabled_reportsViolation() {
            t.properties("cache.yaml", "ReplicationGroup").put("AutomaticFailoverEnabled", false);

            assertThat(AwsPlatformPolicies.cacheIsClusteredMultiAzWithFailoverTlsAndAuth(t)).isNotEmpty();
        }

        @Test
        void bucketPublicAccess_whenPolicyBlockDisabled_reportsViolation() {
            ((ObjectNode) t.properties("storage.yaml", "MediaBucket").path("PublicAccessBlockConfiguration"))
                    .put("BlockPublicPolicy", false);

            assertThat(AwsPlatformPolicies.bucketIsVersionedEncryptedPrivateWithLifecycle(t)).isNotEmpty();
        }

        @Test
        void appCapacity_whenMaxIs20_reportsViolation() {
            t.properties("app.yaml", "ServerScalableTarget").put("MaxCapacity", 20);

            assertThat(AwsPlatformPolicies.appTiersRunThreeToTenTasks(t)).singleElement().asString().contains("MaxCapacity");
        }

        @Test
        void appScaling_whenScaleOutThresholdIs80_reportsViolation() {
            t.properties("app.yaml", "ClientCpuHighScaleAlarm").put("Threshold", 80);

            assertThat(AwsPlatformPolicies.appTiersScaleOutAt70AndInUnder30ForFiveMinutes(t))
                    .singleElement().asString().contains("ClientScalableTarget");
        }

        @Test
        void appScaling_whenScaleInWindowIsOneMinute_reportsViolation() {
            t.properties("app.yaml", "ServerCpuLowScaleAlarm").put("EvaluationPeriods", 1);

            assertThat(AwsPlatformPolicies.appTiersScaleOutAt70AndInUnder30ForFiveMinutes(t))
                    .singleElement().asString().contains("scale-in");
        }

        @Test
        void albTls_whenOlderPolicy_reportsViolation() {
            t.properties("app.yaml", "HttpsListener").put("SslPolicy", "ELBSecurityPolicy-2016-08");

            assertThat(AwsPlatformPolicies.loadBalancerUsesTls13Policy(t)).singleElement().asString()
                    .contains("ELBSecurityPolicy-2016-08");
        }

        @Test
        void turnSize_whenMaxIs10_reportsViolation() {
            t.properties("turn.yaml", "AutoScalingGroup").put("MaxSize", "10");

            assertThat(AwsPlatformPolicies.turnRunsTwoToSixT3Medium(t)).singleElement().asString().contains("MaxSize");
        }

        @Test
        void turnPorts_whenTlsPortClosed_reportsViolation() {
            ArrayNode ingress = (ArrayNode) t.properties("network.yaml", "TurnSecurityGroup").path("SecurityGroupIngress");
            ingress.remove(2);

            assertThat(AwsPlatformPolicies.turnOpensSignallingTlsAndRelayPorts(t)).containsExactly(
                    "TurnSecurityGroup does not open tcp 5349-5349");
        }

        @Test
        void backupSchedule_whenDaily_reportsViolation() {
            ((ObjectNode) t.properties("backup.yaml", "Plan").at("/BackupPlan/BackupPlanRule/0"))
                    .put("ScheduleExpression", "cron(0 5 * * ? *)");

            assertThat(AwsPlatformPolicies.backupsRunEverySixHoursKeepThirtyDaysAndCopyToDr(t)).isNotEmpty();
        }

        @Test
        void backupCopy_whenDrCopyRemoved_reportsViolation() {
            ((ObjectNode) t.properties("backup.yaml", "Plan").at("/BackupPlan/BackupPlanRule/0")).remove("CopyActions");

            assertThat(AwsPlatformPolicies.backupsRunEverySixHoursKeepThirtyDaysAndCopyToDr(t)).isNotEmpty();
        }

        @Test
        void vaultLock_whenRemovedFromThePrimaryVault_reportsViolation() {
            t.properties("backup.yaml", "Vault").remove("LockConfiguration");

            assertThat(AwsPlatformPolicies.backupVaultsAreLockedInComplianceModeForThirtyDays(t))
                    .containsExactly("backup.yaml Vault: no Vault Lock (LockConfiguration)");
        }

        @Test
        void vaultLock_whenMinRetentionIs7Days_reportsViolation() {
            ((ObjectNode) t.properties("dr-region.yaml", "DrVault").path("LockConfiguration")).put("MinRetentionDays", 7);

            assertThat(AwsPlatformPolicies.backupVaultsAreLockedInComplianceModeForThirtyDays(t))
                    .containsExactly("dr-region.yaml DrVault: MinRetentionDays must be at least 30, found 7");
        }

        @Test
        void vaultLock_whenChangeableForDaysRemoved_reportsGovernanceMode() {
            ((ObjectNode) t.properties("dr-region.yaml", "DrVault").path("LockConfiguration")).remove("ChangeableForDays");

            assertThat(AwsPlatformPolicies.backupVaultsAreLockedInComplianceModeForThirtyDays(t))
                    .singleElement().asString().contains("governance mode");
        }

        @Test
        void vaultLock_whenPlanKeepsCopiesOnly7Days_reportsTheRuleBelowTheLock() {
            ((ObjectNode) t.properties("backup.yaml", "Plan").at("/BackupPlan/BackupPlanRule/0/CopyActions/0/Lifecycle"))
                    .put("DeleteAfterDays", 7);

            assertThat(AwsPlatformPolicies.backupVaultsAreLockedInComplianceModeForThirtyDays(t))
                    .singleElement().asString().contains("every-six-hours deletes after 7 days");
        }

        @Test
        void vaultAccessPolicy_whenTheDeleteDenyIsRemoved_reportsViolation() {
            ArrayNode statements = (ArrayNode) t.properties("dr-region.yaml", "DrVault").at("/AccessPolicy/Statement");
            statements.remove(1);

            assertThat(AwsPlatformPolicies.backupVaultsDenyDeletingRecoveryPointsToEveryone(t)).containsExactly(
                    "dr-region.yaml DrVault: the access policy does not deny backup:DeleteRecoveryPoint to every principal",
                    "dr-region.yaml DrVault: the access policy does not deny backup:UpdateRecoveryPointLifecycle to every principal");
        }

        @Test
        void drVaultAccessPolicy_whenAnyPrincipalMayCopyIn_reportsViolation() {
            ((ObjectNode) t.properties("dr-region.yaml", "DrVault").at("/AccessPolicy/Statement/0"))
                    .putObject("Principal").put("AWS", "*");

            assertThat(AwsPlatformPolicies.drVaultTakesCopiesFromTheWorkloadAccountOnly(t))
                    .anySatisfy(v -> assertThat(v).contains("is allowed to \"*\", not the workload account"));
        }

        @Test
        void drVaultAccessPolicy_whenItAlsoAllowsDeletes_reportsViolation() {
            ((ObjectNode) t.properties("dr-region.yaml", "DrVault").at("/AccessPolicy/Statement/0"))
                    .putArray("Action").add("backup:CopyIntoBackupVault").add("backup:DeleteRecoveryPoint");

            assertThat(AwsPlatformPolicies.drVaultTakesCopiesFromTheWorkloadAccountOnly(t))
                    .anySatisfy(v -> assertThat(v).contains("allows [backup:CopyIntoBackupVault, backup:DeleteRecoveryPoint]"));
        }

        @Test
        void stateful_whenTheDrKeyHasNoDeletionPolicy_reportsViolation() {
            t.resource("dr-region.yaml", "DrKey").remove("DeletionPolicy");

            assertThat(AwsPlatformPolicies.statefulResourcesAreRetained(t))
                    .containsExactly("dr-region.yaml DrKey (AWS::KMS::Key): no DeletionPolicy");
        }

        @Test
        void stateful_whenALogGroupWouldBeDeletedOnReplacement_reportsViolation() {
            t.resource("network.yaml", "FlowLogGroup").put("UpdateReplacePolicy", "Delete");

            assertThat(AwsPlatformPolicies.statefulResourcesAreRetained(t)).containsExactly(
                    "network.yaml FlowLogGroup (AWS::Logs::LogGroup): UpdateReplacePolicy Delete destroys its data");
        }

        @Test
        void alarms_when5xxThresholdIs50_reportsMissingAlarm() {
            t.properties("monitoring.yaml", "Http5xxAlarm").put("Threshold", 50);

            assertThat(AwsPlatformPolicies.alarmsCoverTheSeedThresholdsAndReachTheAlertFunction(t))
                    .containsExactly("no alarm for 5xx > 10 in 5 minutes");
        }

        @Test
        void logRetention_when90Days_reportsViolation() {
            t.properties("app.yaml", "ServerLogGroup").put("RetentionInDays", 90);

            assertThat(AwsPlatformPolicies.logsAreKeptThirtyDays(t)).singleElement().asString().contains("ServerLogGroup");
        }

        @Test
        void iam_whenStatementAllowsStar_reportsViolation() {
            ObjectNode statement = (ObjectNode) t.properties("app.yaml", "ServerTaskRole")
                    .at("/Policies/0/PolicyDocument/Statement/0");
            statement.put("Action", "s3:*");

            assertThat(AwsPlatformPolicies.iamGrantsNoWildcardActions(t)).singleElement().asString().contains("s3:*");
        }

        @Test
        void secretsRotation_whenScheduleRemoved_reportsUnrotatedSecret() {
            ((ObjectNode) t.template("secrets.yaml").path("Resources")).remove("CacheAuthRotation");

            assertThat(AwsPlatformPolicies.secretsRotateWithTheRotationFunction(t))
                    .singleElement().asString().contains("CacheAuthSecret");
        }
    }
}

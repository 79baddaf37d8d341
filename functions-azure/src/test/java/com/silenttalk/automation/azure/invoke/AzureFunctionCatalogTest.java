package com.silenttalk.automation.azure.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.DryRunPlanner;
import com.silenttalk.automation.azure.runtime.Invocable;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureFunctionCatalogTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:00:07Z");

    ArmApi everything;
    AzureFunctionCatalog.Invocation invocation;

    /** ARM and both storage accounts point at one WireMock: a dry-run must leave it untouched. */
    @BeforeEach
    void wire() {
        everything = new ArmApi();
        Map<String, String> env = new HashMap<>(Map.of("AZURE_SUBSCRIPTION_ID", TestAzure.SUBSCRIPTION,
                "ST_RESOURCE_GROUP", TestAzure.RESOURCE_GROUP, "ST_PRIMARY_REGION", "westeurope",
                "ST_PAIRED_REGION", "northeurope", "ST_DATABASES", "orders,chat", "ST_BACKUP_ACCOUNT", "stprimary",
                "ST_PAIRED_ACCOUNT", "stpaired", "ST_DRILL_ADMIN_SECRET_URI", "https://st-ops-kv.vault.azure.net/secrets/drill-admin",
                "ST_ARM_ENDPOINT", everything.baseUrl()));
        // storage signs in with a bearer token, which the SDK only sends over https: any call would fail the test
        env.put("ST_BACKUP_BLOB_ENDPOINT", storage() + "/stprimary");
        env.put("ST_BACKUP_TABLE_ENDPOINT", storage() + "/stprimary-table");
        env.put("ST_PAIRED_BLOB_ENDPOINT", storage() + "/stpaired");
        invocation = new AzureFunctionCatalog.Invocation(AzureSettings.fromEnv(env), TestAzure.clients(), new ManualClock(NOW));
    }

    private String storage() {
        return everything.baseUrl().replace("http://", "https://");
    }

    @AfterEach
    void stop() {
        everything.close();
    }

    @Test
    void plan_whenBackupSchedulerGetsATimerEvent_listsTheWindowsBackupsAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("backup-scheduler").factory().apply(invocation)
                .plan(Events.load("timer/six-hourly.json"));

        assertThat(calls).filteredOn(c -> c.operation().equals("PUT")).extracting(PlannedCall::target).containsExactly(
                everythingPath("orders", "st-auto-orders-20260301t0600z"), everythingPath("chat", "st-auto-chat-20260301t0600z"));
        assertThat(calls).filteredOn(c -> c.service().equals("postgresql")).extracting(PlannedCall::target)
                .as("the window's logical dump, once its backup completes").hasSize(2);
        assertThat(calls).filteredOn(c -> c.service().equals("monitor")).extracting(PlannedCall::target)
                .allSatisfy(t -> assertThat(t).startsWith("https://westeurope.monitoring.azure.com/subscriptions/").endsWith("/metrics"))
                .hasSize(2);
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenCopierGetsTheBlobCreatedEvent_listsTheChecksummedCopyAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("backup-copier").factory().apply(invocation)
                .plan(Events.load("eventgrid/blob-created-manifest.json").replace("CONTAINER", "backups"));

        assertThat(calls).extracting(PlannedCall::operation).contains("PUT (Copy Blob)");
        assertThat(calls).filteredOn(c -> c.operation().equals("PUT (Copy Blob)")).singleElement().satisfies(c -> {
            assertThat(c.target()).startsWith(storage() + "/stpaired/backups/dumps")
                    .endsWith("st-auto-orders-20260301t0600z.dump");
            assertThat(DryRunPlanner.line(c)).doesNotContain("sig=");
        });
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenDrillHttpStartGetsAGoodBody_listsRestoreThenDeleteAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("drill-http-start").factory().apply(invocation)
                .plan(Events.load("http/drill-start.json"));

        String server = TestAzure.SERVERS.serverPath("drill-pre-upgrade-1") + "?api-version=2024-08-01";
        assertThat(calls).extracting(c -> c.operation() + " " + c.target()).containsSubsequence("PUT " + server, "DELETE " + server);
        assertThat(calls).filteredOn(c -> c.target().equals(server) && c.operation().equals("PUT")).singleElement()
                .satisfies(c -> assertThat(DryRunPlanner.line(c)).contains("\"createMode\":\"PointInTimeRestore\""));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenTheEventIsBad_namesTheFieldAndCallsNothing() {
        Invocable pruner = AzureFunctionCatalog.require("retention-pruner").factory().apply(invocation);

        assertThatThrownBy(() -> pruner.plan(Events.load("timer/malformed.json")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timerInfo.IsPastDue"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void run_whenADrillStartIsInvokedOutsideTheHost_refusesNamingDryRun() {
        Invocable start = AzureFunctionCatalog.require("drill-monthly-start").factory().apply(invocation);

        assertThatThrownBy(() -> start.run(Events.load("timer/six-hourly.json"), new TestExecutionContext("DrillMonthlyStart")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("--dry-run"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    AzureFunctionCatalog.Invocation withRotation() {
        return new AzureFunctionCatalog.Invocation(invocation.settings(), invocation.clients(), invocation.clock(),
                Map.of("ST_ROTATION_VAULT_URL", storage(), "ST_ROTATION_VAULT_NAME", "st-ops-kv", "ST_ROTATION_SECRETS", "app-db"));
    }

    @Test
    void plan_whenSecretNearExpiryArrives_listsTheCompanionAndDatabaseBeforeTheVersionAppsReadAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("secret-near-expiry").factory().apply(withRotation())
                .plan(Events.load("eventgrid/secret-near-expiry.json"));

        assertThat(calls).extracting(c -> c.operation() + " " + c.target()).containsSubsequence(
                "PUT " + storage() + "/secrets/app-db-pending", "log in as the new credential the same server",
                "PUT " + storage() + "/secrets/app-db", "PATCH " + storage() + "/secrets/app-db/4f6a1c2e9b8d4e7fa3c5b1d2e6f8a9c0");
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    /** The dry-run's refusal must be the real run's, word for word: BadInputFuzzTest compares the two lines. */
    @Test
    void plan_whenANearExpiryNoticeNamesAnotherSecret_namesTheEventsFieldAsTheRealRunDoes() {
        Invocable nearExpiry = AzureFunctionCatalog.require("secret-near-expiry").factory().apply(withRotation());
        String notice = Events.load("eventgrid/secret-near-expiry.json");
        String other = notice.replace("\"ObjectName\": \"app-db\"", "\"ObjectName\": \"billing-db\"");

        assertThat(other).isNotEqualTo(notice);
        assertThatThrownBy(() -> nearExpiry.plan(other))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("data.ObjectName"));
        String batch = "[" + notice.strip().replaceAll("^\\[|\\]$", "") + "," + other.strip().replaceAll("^\\[|\\]$", "") + "]";
        assertThatThrownBy(() -> nearExpiry.plan(batch))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("event[1].data.ObjectName"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenTheManualRotationNamesAnotherSecret_namesTheFieldAndCallsNothing() {
        Invocable manual = AzureFunctionCatalog.require("secret-rotate-http").factory().apply(withRotation());

        assertThatThrownBy(() -> manual.plan("{\"secret\": \"billing-db\"}"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("secret"));
        assertThatThrownBy(() -> manual.plan("{\"secret\": \"app-db\", \"force\": true}"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("force"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void require_whenNameIsUnknown_namesTheChoices() {
        assertThatThrownBy(() -> AzureFunctionCatalog.require("launch-missiles"))
                .hasMessageContaining("backup-scheduler").hasMessageContaining("drill-http-start");
    }

    private String everythingPath(String server, String backup) {
        return TestAzure.SERVERS.backupPath(server, backup) + "?api-version=2024-08-01";
    }

    @Test
    void plan_whenAlertWebhookGetsACpuAlertOnAPlan_listsTheChannelPostsAndThePlanWriteAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("alert-webhook").factory().apply(invocation)
                .plan(com.silenttalk.automation.alerting.channels.inbound.AlertFixtures.text("azure-monitor/metric-alert-fired.json"));

        assertThat(calls).filteredOn(c -> c.service().equals("webhook")).extracting(PlannedCall::target)
                .contains("slack channel ops-slack", "teams channel ops-teams");
        assertThat(calls).filteredOn(c -> c.service().equals("arm")).extracting(PlannedCall::target).allSatisfy(t ->
                assertThat(t).endsWith("/providers/Microsoft.Web/serverfarms/silenttalk-api-plan?api-version=2023-12-01"));
        assertThat(calls).filteredOn(c -> c.service().equals("arm")).hasSize(2);
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenAlertWebhookGetsTheLegacySchema_rejectsNamingSchemaId() {
        Invocable webhook = AzureFunctionCatalog.require("alert-webhook").factory().apply(invocation);

        assertThatThrownBy(() -> webhook.plan(com.silenttalk.automation.alerting.channels.inbound.AlertFixtures.text(
                "invalid/azure-metric-alert-legacy-schema.json")))
                .isInstanceOf(InvalidFieldException.class).satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("schemaId"));
    }

    AzureFunctionCatalog.Invocation withFailover(String mode) {
        return new AzureFunctionCatalog.Invocation(invocation.settings(), invocation.clients(), invocation.clock(),
                Map.of("ST_FAILOVER_FROM", "orders-weu", "ST_FAILOVER_TO", "orders-neu", "ST_FAILOVER_GROUP", "orders",
                        "ST_FAILOVER_MODE", mode, "ST_FAILOVER_SIGNALS", "st-frontdoor-origin-weu-unhealthy=HEALTH_CHECK, st-pg-weu-is-alive=ALARM",
                        "ST_FAILOVER_FRONTDOOR_PROFILE", "st-edge", "ST_FAILOVER_FRONTDOOR_ORIGIN_GROUP", "app"));
    }

    @Test
    void list_whenAsked_namesTheFailoverFunctionsWithTheirTriggers() {
        assertThat(AzureFunctionCatalog.FUNCTIONS).extracting(AzureFunctionCatalog.Entry::name)
                .contains("failover-alert", "failover-approve", "failover-orchestration");
        assertThat(AzureFunctionCatalog.require("failover-alert").trigger()).contains("/api/failover/alert");
        assertThat(AzureFunctionCatalog.require("failover-approve").entryPoint())
                .isEqualTo("com.silenttalk.automation.azure.failover.FailoverFunctions.approve");
    }

    @Test
    void plan_whenAFailoverSignalFiresInApprovalMode_listsTheSignalTheStoredPlanAndTheApproversAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("failover-alert").factory().apply(withFailover("APPROVAL_REQUIRED"))
                .plan(Events.load("azure-monitor/failover-pg-alive-fired.json"));

        assertThat(calls).extracting(c -> c.parameters().getOrDefault("runKey", "").toString())
                .contains("failover-signal/orders/st-pg-weu-is-alive", "failover-plan/orders-gen<next>");
        assertThat(calls).filteredOn(c -> c.service().equals("webhook")).extracting(PlannedCall::target)
                .containsExactlyInAnyOrder("pagerduty channel oncall", "slack channel ops-slack", "teams channel ops-teams");
        assertThat(calls).noneMatch(c -> c.service().equals("durable"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenAFailoverSignalFiresInAutomaticMode_listsTheLeaseAndTheOrchestrationAndNoChannel() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("failover-alert").factory().apply(withFailover("AUTOMATIC"))
                .plan(Events.load("azure-monitor/failover-pg-alive-fired.json"));

        assertThat(calls).extracting(PlannedCall::service).containsSubsequence("table", "postgresql", "table", "durable");
        assertThat(calls).noneMatch(c -> c.service().equals("webhook"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenTheFailoverAlertIsNotAConfiguredSignal_namesTheField() {
        Invocable alert = AzureFunctionCatalog.require("failover-alert").factory().apply(withFailover("AUTOMATIC"));

        assertThatThrownBy(() -> alert.plan(Events.load("azure-monitor/failover-unconfigured-rule-fired.json")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("data.essentials.alertRule"));
        assertThatThrownBy(() -> alert.run(Events.load("azure-monitor/failover-pg-alive-fired.json"), new TestExecutionContext("FailoverAlert")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("--dry-run"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenAnApprovalArrives_listsTheLeaseAndTheOrchestrationOrNamesTheBadField() {
        Invocable approve = AzureFunctionCatalog.require("failover-approve").factory().apply(withFailover("AUTOMATIC"));

        List<PlannedCall> calls = approve.plan(Events.load("http/failover-approve.json"));

        assertThat(calls).extracting(c -> c.service() + " " + c.parameters().getOrDefault("runKey", c.target()))
                .containsExactly("table failover-plan/orders-gen1", "table failover-lease/orders-gen1", "table failover-plan/orders-gen1",
                        "durable orders-gen1");
        assertThatThrownBy(() -> approve.plan(Events.load("http/failover-approve-unknown-field.json")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("force"));
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenTheOrchestrationStartsAtTheFence_listsStopThenPlannedPromotionThenTrafficAndCallsNothing() {
        List<PlannedCall> calls = AzureFunctionCatalog.require("failover-orchestration").factory().apply(withFailover("AUTOMATIC"))
                .plan(Events.load("durable/failover-begin-input.json"));

        String servers = TestAzure.SERVERS.serverPath("orders-weu").replace("orders-weu", "");
        assertThat(calls).extracting(c -> c.operation() + " " + c.target()).containsSubsequence(
                "POST " + servers + "orders-weu/stop?api-version=2024-08-01", "PATCH " + servers + "orders-neu?api-version=2024-08-01");
        assertThat(calls).filteredOn(c -> c.operation().equals("PATCH") && c.service().equals("arm")).singleElement()
                .satisfies(c -> assertThat(DryRunPlanner.line(c)).contains("\"promoteMode\":\"standalone\"").contains("\"promoteOption\":\"planned\""));
        assertThat(calls).extracting(PlannedCall::service).containsSubsequence("arm", "arm", "arm", "arm", "postgresql", "arm", "table");
        assertThat(everything.server.getAllServeEvents()).isEmpty();
    }
}

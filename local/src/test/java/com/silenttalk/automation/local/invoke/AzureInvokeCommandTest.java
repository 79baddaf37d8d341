package com.silenttalk.automation.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.local.OpsctlRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class AzureInvokeCommandTest {
    /** The same event files the Azure function tests load. */
    static final Path EVENTS = Path.of("..", "functions-azure", "src", "test", "resources", "events").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** The function app's settings; every endpoint is on 127.0.0.1 (https, nothing listens), so a call would fail. */
    public static Map<String, String> appSettings() {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_SUBSCRIPTION_ID", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        env.put("ST_RESOURCE_GROUP", "silenttalk-prod");
        env.put("ST_PRIMARY_REGION", "westeurope");
        env.put("ST_PAIRED_REGION", "northeurope");
        env.put("ST_DATABASES", "orders");
        env.put("ST_BACKUP_ACCOUNT", "stprimary");
        env.put("ST_PAIRED_ACCOUNT", "stpaired");
        env.put("ST_DRILL_ADMIN_SECRET_URI", "https://st-ops-kv.vault.azure.net/secrets/drill-admin");
        env.put("ST_ARM_ENDPOINT", "https://127.0.0.1:9");
        env.put("ST_BACKUP_BLOB_ENDPOINT", "https://127.0.0.1:9/stprimary");
        env.put("ST_BACKUP_TABLE_ENDPOINT", "https://127.0.0.1:9/stprimary-table");
        env.put("ST_PAIRED_BLOB_ENDPOINT", "https://127.0.0.1:9/stpaired");
        return env;
    }

    @Test
    void invoke_whenAzureIsListed_namesEveryAzureFunction() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "invoke", "--cloud", "azure", "--list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().lines().map(l -> l.split("\t")[0]).toList()).containsExactly("backup-scheduler",
                "backup-copier", "retention-pruner", "drill-http-start", "drill-monthly-start", "alert-webhook", "secret-near-expiry", "secret-rotate-http",
                "failover-alert", "failover-approve", "failover-orchestration");
        assertThat(run.stdout()).contains("com.silenttalk.automation.azure.backup.BackupWindowFunctions.schedule");
    }

    @Test
    void invoke_whenDryRunOfTheBackupScheduler_printsTheOnDemandBackupAsAJsonLine() throws Exception {
        OpsctlRun run = OpsctlRun.in(work, appSettings(), "invoke", "--cloud", "azure", "--function", "backup-scheduler",
                "--event", EVENTS.resolve("timer/six-hourly.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> calls = run.stdout().lines().map(AzureInvokeCommandTest::parse).toList();
        assertThat(calls).filteredOn(c -> c.path("method").asText().equals("PUT")).singleElement().satisfies(c ->
                assertThat(c.path("target").asText()).matches(".*/flexibleServers/orders/backups/st-auto-orders-\\d{8}t\\d{4}z\\?api-version=2024-08-01"));
        assertThat(run.stderr()).contains("none made");
    }

    @Test
    void invoke_whenDryRunOfADrillStart_printsTheRestoreAndTheDelete() {
        OpsctlRun run = OpsctlRun.in(work, appSettings(), "invoke", "--cloud", "azure", "--function", "drill-http-start",
                "--event", EVENTS.resolve("http/drill-start.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("\"method\":\"PUT\"").contains("\"createMode\":\"PointInTimeRestore\"")
                .contains("\"method\":\"DELETE\"").contains("flexibleServers/drill-pre-upgrade-1");
    }

    @Test
    void invoke_whenDryRunOfAFailoverSignalInApprovalMode_printsTheStoredPlanAndTheApproversChannels() {
        Map<String, String> env = appSettings();
        env.put("ST_FAILOVER_FROM", "orders-weu");
        env.put("ST_FAILOVER_TO", "orders-neu");
        env.put("ST_FAILOVER_GROUP", "orders");
        env.put("ST_FAILOVER_SIGNALS", "st-frontdoor-origin-weu-unhealthy=HEALTH_CHECK, st-pg-weu-is-alive=ALARM");

        OpsctlRun run = OpsctlRun.in(work, env, "invoke", "--cloud", "azure", "--function", "failover-alert",
                "--event", EVENTS.resolve("azure-monitor/failover-pg-alive-fired.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("failover-signal/orders/st-pg-weu-is-alive").contains("failover-plan/orders-gen<next>")
                .contains("pagerduty channel oncall").contains("slack channel ops-slack").doesNotContain("\"plane\":\"durable\"");
        assertThat(run.stderr()).contains("none made");
    }

    @Test
    void invoke_whenTheBodyIsBad_exitsTwoWithOneLineNamingTheField() {
        OpsctlRun run = OpsctlRun.in(work, appSettings(), "invoke", "--cloud", "azure", "--function", "drill-http-start",
                "--event", EVENTS.resolve("http/drill-start-unknown-database.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip().lines()).singleElement().satisfies(l -> assertThat(l).contains("database"));
    }

    @Test
    void invoke_whenASettingIsMissing_exitsTwoNamingIt() {
        Map<String, String> env = appSettings();
        env.remove("ST_DATABASES");

        OpsctlRun run = OpsctlRun.in(work, env, "invoke", "--cloud", "azure", "--function", "backup-scheduler",
                "--event", EVENTS.resolve("timer/six-hourly.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).contains("ST_DATABASES");
    }

    /** An http storage endpoint can never carry the managed identity's token: it was exit 70 (IllegalArgumentException). */
    @Test
    void invoke_whenAStorageEndpointIsNotHttps_exitsTwoNamingTheSetting() {
        Map<String, String> env = appSettings();
        env.put("ST_BACKUP_BLOB_ENDPOINT", "http://127.0.0.1:9/stprimary");

        OpsctlRun run = OpsctlRun.in(work, env, "invoke", "--cloud", "azure", "--function", "backup-scheduler",
                "--event", EVENTS.resolve("timer/six-hourly.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .startsWith("opsctl: bad input: ST_BACKUP_BLOB_ENDPOINT: must be an https URL");
    }

    /** Issue #14: each of these was "internal error: IllegalStateException: cannot read FailoverState", exit 70. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty||event",
            "truncated|{\"plan\": {\"planId\": \"orders-gen1\"|event",
            "foreign|{\"a\": 1}|event.a",
            "an array|[1, 2]|event",
            "wrongly typed step|STEP_AS_NUMBER|event.step",
            "wrongly typed plan|{\"plan\": \"orders-gen1\", \"step\": \"FENCE\"}|event.plan",
            "trailing garbage|TRAILING|event",
            "a repeated key|REPEATED|event"})
    void invoke_whenTheFailoverOrchestrationInputIsBad_exitsTwoWithOneLineNamingTheField(String what, String body, String field)
            throws Exception {
        String good = java.nio.file.Files.readString(EVENTS.resolve("durable/failover-begin-input.json"));
        String text = switch (String.valueOf(body)) {
            case "null" -> "";
            case "STEP_AS_NUMBER" -> good.replace("\"step\": \"FENCE\"", "\"step\": 3");
            case "TRAILING" -> good + "\n}{";
            case "REPEATED" -> good.replace("\"halted\": false", "\"halted\": false, \"halted\": true");
            default -> body;
        };
        java.nio.file.Path event = java.nio.file.Files.writeString(work.resolve("input.json"), text);

        for (String mode : List.of("--dry-run", "--no-dry-run")) {
            List<String> args = new java.util.ArrayList<>(List.of("invoke", "--cloud", "azure", "--function", "failover-orchestration",
                    "--event", event.toString()));
            if (mode.equals("--dry-run")) {
                args.add(mode);
            }
            OpsctlRun run = OpsctlRun.in(work, appSettings(), args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr().lines().toList()).as(run.toString()).singleElement().asString()
                    .startsWith("opsctl: bad input: " + field + ": ");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}

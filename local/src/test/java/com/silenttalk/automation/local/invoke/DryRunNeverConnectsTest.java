package com.silenttalk.automation.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.silenttalk.automation.azure.invoke.AzureFunctionCatalog;
import com.silenttalk.automation.local.OpsctlRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dry-run is a guarantee: every function's dry-run, on every event fixture of its cloud (and the alert payloads),
 * with every endpoint the process could use pointed at one listener on 127.0.0.1 (the SDK's {@code AWS_ENDPOINT_URL},
 * the container credentials endpoint, ARM, Blob, Table, Key Vault, Azure Monitor, the managed identity endpoint, the
 * webhook URLs, the dead-letter queue), leaves that listener without a single connection; and what reaches stdout is
 * planned calls, one JSON object a line, never a log record (the process's own System.out is watched too). What each
 * run printed, and its exit code, is also held to the golden transcript of that function ({@link GoldenTranscript}),
 * so moving code between handlers, use cases and wirings cannot change a single byte of any fixture's dry-run.
 */
class DryRunNeverConnectsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Path> AWS_FIXTURES = fixtures(InvokeCommandTest.EVENTS, InvokeCommandTest.ALERT_EVENTS);
    static final List<Path> AZURE_FIXTURES = fixtures(AzureInvokeCommandTest.EVENTS, InvokeCommandTest.ALERT_EVENTS);

    static LoopbackListener listener;
    static PrintStream processOut;
    static ByteArrayOutputStream leakedToProcessOut = new ByteArrayOutputStream();

    @TempDir
    Path work;

    @BeforeAll
    static void listen() throws IOException {
        listener = new LoopbackListener();
        // what AWS_ENDPOINT_URL and AWS_CONTAINER_CREDENTIALS_FULL_URI set, for an SDK in this JVM
        System.setProperty("aws.endpointUrl", listener.url(""));
        System.setProperty("aws.containerCredentialsFullUri", listener.url("/credentials"));
        processOut = System.out;
        System.setOut(new PrintStream(leakedToProcessOut, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws IOException {
        System.setOut(processOut);
        System.clearProperty("aws.endpointUrl");
        System.clearProperty("aws.containerCredentialsFullUri");
        listener.close();
    }

    static List<Path> fixtures(Path... roots) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** template.yaml's variables, every endpoint and URL among them on the listener. */
    static Map<String, String> awsEnvironment() {
        Map<String, String> env = InvokeCommandTest.functionEnvironment();
        env.put("AWS_ENDPOINT_URL", listener.url(""));
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", listener.url("/credentials"));
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "dry-run-test");
        env.put("ST_CENSUS_FUNCTION", "silenttalk-ops-snapshot-census");
        env.put("ST_CENSUS_SECRET_ARNS", "orders=arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf");
        env.put("ST_ALERT_GATE_TABLE", "st-alert-gate");
        env.put("ST_ALERT_DEAD_LETTER_QUEUE_URL", listener.url("/123456789012/undelivered-alerts"));
        env.put("ST_ALERT_EMAIL_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:alerts");
        env.put("ST_ALERT_SECRETS_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-alert-channels-AbCdEf");
        env.put("OPSCTL_SLACK_WEBHOOK_URL", listener.url("/slack"));
        env.put("OPSCTL_TEAMS_WEBHOOK_URL", listener.url("/teams"));
        env.put("OPSCTL_PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0000000000000000000000");
        env.put("ST_DRILL_SUBNET_GROUP", "st-drill");
        env.put("ST_DRILL_SECURITY_GROUP_IDS", "sg-0123456789abcdef0");
        env.put("ST_DRILL_SECRET_ARN", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-AbCdEf");
        env.put("ST_FAILOVER_GROUP", "silenttalk-db");
        env.put("ST_FAILOVER_DB_MODE", "READ_REPLICA");
        env.put("ST_FAILOVER_NODES", "primary=eu-west-1/silenttalk-db,replica=eu-central-1/silenttalk-db-dr");
        env.put("ST_FAILOVER_FROM", "primary");
        env.put("ST_FAILOVER_TO", "replica");
        env.put("ST_FAILOVER_MODE", "AUTOMATIC");
        env.put("ST_FAILOVER_COMPOSITE_ALARM", "stack-failover-primary-down");
        env.put("ST_FAILOVER_HEALTH_ALARM", "health");
        env.put("ST_FAILOVER_REACHABILITY_ALARM", "reachability");
        env.put("ST_FAILOVER_DB_ALARM", "silent");
        env.put("ST_FAILOVER_ALARM_WINDOW_MINUTES", "5");
        env.put("ST_FAILOVER_HOSTED_ZONE_ID", "Z0123456789ABC");
        env.put("ST_FAILOVER_RECORD_NAME", "db.silenttalk.example.");
        env.put("ST_FAILOVER_ENDPOINTS", "primary=127.0.0.1,replica=127.0.0.1");
        env.put("ST_FAILOVER_CACHE", "global-datastore");
        env.put("ST_FAILOVER_CACHE_ID", "ldgnf-global");
        env.put("ST_FAILOVER_CACHE_MEMBERS", "primary=eu-west-1/redis-a,replica=eu-central-1/redis-b");
        env.put("ST_FAILOVER_DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-failover-AbCdEf");
        return env;
    }

    /** The function app's settings, every endpoint on the listener (the managed identity's too). */
    static Map<String, String> azureSettings() {
        Map<String, String> env = AzureInvokeCommandTest.appSettings();
        env.put("ST_ARM_ENDPOINT", listener.url(""));
        env.put("ST_METRICS_ENDPOINT", listener.url("/metrics"));
        // storage takes https only (its bearer token is never sent over http); the listener counts the TCP connection all the same
        String storage = "https://127.0.0.1:" + listener.port();
        env.put("ST_BACKUP_BLOB_ENDPOINT", storage + "/stprimary");
        env.put("ST_BACKUP_TABLE_ENDPOINT", storage + "/stprimary-table");
        env.put("ST_PAIRED_BLOB_ENDPOINT", storage + "/stpaired");
        env.put("ST_PAIRED_TABLE_ENDPOINT", storage + "/stpaired-table");
        env.put("IDENTITY_ENDPOINT", listener.url("/msi/token"));
        env.put("IDENTITY_HEADER", "dry-run-test");
        env.put("MSI_ENDPOINT", listener.url("/msi/token"));
        env.put("ST_ROTATION_VAULT_URL", "https://st-ops-kv.vault.azure.net");
        env.put("ST_ROTATION_SECRETS", "app-db");
        env.put("ST_ROTATION_ADMIN_SECRET", "app-db-admin");
        env.put("ST_FAILOVER_FROM", "orders-weu");
        env.put("ST_FAILOVER_TO", "orders-neu");
        env.put("ST_FAILOVER_GROUP", "orders");
        env.put("ST_FAILOVER_SIGNALS", "st-frontdoor-origin-weu-unhealthy=HEALTH_CHECK, st-pg-weu-is-alive=ALARM");
        env.put("ST_FAILOVER_MODE", "AUTOMATIC");
        env.put("ST_ALERT_CONTAINER", "alerts");
        env.put("OPSCTL_SLACK_WEBHOOK_URL", listener.url("/slack"));
        env.put("OPSCTL_TEAMS_WEBHOOK_URL", listener.url("/teams"));
        return env;
    }

    static Stream<String> awsFunctions() {
        return FunctionCatalog.FUNCTIONS.stream().map(FunctionCatalog.Entry::name);
    }

    static Stream<String> azureFunctions() {
        return AzureFunctionCatalog.FUNCTIONS.stream().map(AzureFunctionCatalog.Entry::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsFunctions")
    void dryRun_ofAnAwsFunctionOnEveryFixture_opensNoConnectionAndPrintsOnlyPlannedCalls(String function) {
        dryRunOnEveryFixture("aws", function, AWS_FIXTURES, awsEnvironment(), "operation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("azureFunctions")
    void dryRun_ofAnAzureFunctionOnEveryFixture_opensNoConnectionAndPrintsOnlyPlannedCalls(String function) {
        dryRunOnEveryFixture("azure", function, AZURE_FIXTURES, azureSettings(), "method");
    }

    /** @param callField a field every planned call of that cloud has (and no log record) */
    private void dryRunOnEveryFixture(String cloud, String function, List<Path> fixtures, Map<String, String> env, String callField) {
        GoldenTranscript transcript = new GoldenTranscript(cloud, function, Map.of(listener.url(""), "<listener>",
                "https://127.0.0.1:" + listener.port(), "<https-listener>", work.toString(), "<work>"));
        for (Path fixture : fixtures) {
            int before = listener.connections().size();
            OpsctlRun run = OpsctlRun.in(work, env, GoldenTranscript.CLOCK, "invoke", "--cloud", cloud, "--function", function,
                    "--event", fixture.toString(), "--dry-run");
            assertNothingReachedAndStdoutIsPlannedCalls(function, fixture, run, before, callField);
            transcript.add(fixture, run);
        }
        transcript.assertMatchesRecording();
    }

    /** Connections are counted from {@code before}, so one failure does not fail every later run. */
    private static void assertNothingReachedAndStdoutIsPlannedCalls(String function, Path fixture, OpsctlRun run, int before,
                                                                    String callField) {
        String what = function + " on " + fixture.getParent().getFileName() + "/" + fixture.getFileName() + ": " + run;
        List<String> connections = listener.connections();
        assertThat(connections.subList(before, connections.size())).as("connections during the dry-run of %s", what).isEmpty();
        String leaked = leakedToProcessOut.toString(StandardCharsets.UTF_8);
        leakedToProcessOut.reset();
        assertThat(leaked).as("printed to the process's stdout by %s", what).isEmpty();
        for (String line : run.stdout().lines().toList()) {
            JsonNode call = parse(line, what);
            assertThat(call.isObject() && call.has(callField) && !call.has("level"))
                    .as("a planned call, not a log record: %s in %s", line, what).isTrue();
        }
    }

    private static JsonNode parse(String line, String what) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line + " in " + what, e);
        }
    }

    /** Issue #14 item 4: the notifier's dry-run listed deployment markers in S3 for real, and logged an ERROR on stdout. */
    @Test
    void dryRun_ofTheAlarmNotifierWithItsGateTable_printsTheReadsItPlannedBeforeTheDeliveries() throws IOException {
        int before = listener.connections().size();
        OpsctlRun run = OpsctlRun.in(work, awsEnvironment(), "invoke", "--cloud", "aws", "--function", "alarm-notifier",
                "--event", InvokeCommandTest.ALERT_EVENTS.resolve("cloudwatch/alarm-state-change-composite.json").toString(),
                "--dry-run");

        assertThat(listener.connections().subList(before, listener.connections().size())).isEmpty();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> calls = run.stdout().lines().map(l -> parse(l, run.toString())).toList();
        assertThat(calls).extracting(c -> c.path("service").asText() + " " + c.path("operation").asText())
                .containsExactly("dynamodb GetItem", "s3 ListObjectsV2", "webhook POST", "webhook POST", "webhook POST");
        assertThat(calls.get(0).path("parameters").path("TableName").asText()).isEqualTo("st-alert-gate");
        assertThat(calls.get(1).path("parameters").path("Bucket").asText()).isEqualTo("st-reports");
        assertThat(calls.get(1).path("parameters").path("Prefix").asText()).isEqualTo("deployments/");
        assertThat(run.stderr()).contains("5 planned AWS call(s), none made").contains("2 asked while planning");
        assertThat(run.stderr()).doesNotContain("\"level\"");
    }

    @Test
    void dryRunJdbc_whileInstalled_recordsTheConnectionAndOpensNoneThenGivesTheDriversBack() throws Exception {
        List<DryRunJdbc.PlannedConnection> planned = new ArrayList<>();
        try (LoopbackListener database = new LoopbackListener()) {
            String url = "jdbc:postgresql://127.0.0.1:" + database.port() + "/orders?password=never-recorded";

            try (DryRunJdbc jdbc = DryRunJdbc.install(planned::add)) {
                assertThat(catchThrowable(() -> DriverManager.getConnection(url, "census", "pw")))
                        .isInstanceOf(SQLException.class).hasMessageContaining("planned, not opened");
            }
            assertThat(planned).containsExactly(new DryRunJdbc.PlannedConnection("127.0.0.1", database.port(), "orders"));
            assertThat(database.connections()).isEmpty();

            // the PostgreSQL driver is back: the same call now really connects (and the listener hangs up on it)
            assertThat(catchThrowable(() -> DriverManager.getConnection(url, "census", "pw"))).isInstanceOf(SQLException.class);
            assertThat(database.connections()).isNotEmpty();
        }
    }
}

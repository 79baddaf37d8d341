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

public class InvokeCommandTest {
    /** The same documented event files the Lambda handler tests load. */
    static final Path EVENTS = Path.of("..", "functions-aws", "src", "test", "resources", "events").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    public static Map<String, String> functionEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("ST_ACCOUNT_ID", "123456789012");
        env.put("ST_DR_REGION", "eu-central-1");
        env.put("ST_DATABASES", "orders:instance,chat:cluster");
        env.put("ST_DR_KMS_KEY_ID", "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd");
        env.put("ST_LEDGER_TABLE", "st-ledger");
        env.put("ST_REPORT_BUCKET", "st-reports");
        return env;
    }

    @Test
    void invoke_whenListed_namesEveryFunctionWithItsHandler() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "invoke", "--list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().lines().map(l -> l.split("\t")[0]).toList())
                .contains("snapshot-census", "snapshot-scheduler", "snapshot-copier", "retention-pruner", "drill-step")
                .doesNotHaveDuplicates();
        assertThat(run.stdout()).contains("com.silenttalk.automation.aws.backup.SnapshotSchedulerHandler::handleRequest",
                "com.silenttalk.automation.aws.backup.SnapshotCensusHandler::handleRequest");
    }

    @Test
    void invoke_whenTheCopierDryRunIgnoresAHandMadeSnapshot_saysWhyNothingIsPlanned() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "snapshot-copier",
                "--event", EVENTS.resolve("rds/db-snapshot-created-by-hand.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .endsWith("0 planned AWS call(s), none made: not a suite snapshot: name does not start with st-auto-");
    }

    @Test
    void invoke_whenTheCensusDryRunHasNoDatabaseToMeasure_saysWhy() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "snapshot-census",
                "--event", EVENTS.resolve("eventbridge/scheduled-event.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .contains("0 planned AWS call(s), none made: no database of ST_DATABASES has a census secret in ST_CENSUS_SECRET_ARNS");
    }

    @Test
    void invoke_whenTheEventHasTrailingContentOrARepeatedKey_exits2NamingThePosition() throws Exception {
        String event = java.nio.file.Files.readString(EVENTS.resolve("rds/db-snapshot-created.json"));
        java.nio.file.Path trailing = java.nio.file.Files.writeString(work.resolve("trailing.json"), event + "\n{\"id\": 1}\n");
        java.nio.file.Path repeated = java.nio.file.Files.writeString(work.resolve("repeated.json"),
                event.replaceFirst("\\{", "{\"source\": \"aws.events\", "));

        for (java.nio.file.Path file : List.of(trailing, repeated)) {
            OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "snapshot-copier",
                    "--event", file.toString(), "--dry-run");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr().lines().toList()).singleElement().asString()
                    .startsWith("opsctl: bad input: --event: is not valid JSON at line ");
        }
    }

    @Test
    void invoke_whenDryRunOfTheCensus_printsTheSecretReadAndTheManifestWriteOfTheEventsWindow() {
        Map<String, String> env = functionEnvironment();
        env.put("ST_CENSUS_SECRET_ARNS", "orders=arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf");
        OpsctlRun run = OpsctlRun.in(work, env, "invoke", "--cloud", "aws", "--function", "snapshot-census",
                "--event", EVENTS.resolve("eventbridge/scheduled-event.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> calls = run.stdout().lines().map(InvokeCommandTest::parse).toList();
        assertThat(calls).extracting(c -> c.path("operation").asText()).containsExactly("GetSecretValue", "PutObject");
        assertThat(calls.get(0).path("parameters").path("SecretId").asText()).endsWith(":secret:st-orders-census-AbCdEf");
        assertThat(calls.get(1).path("parameters").path("Key").asText()).isEqualTo("manifests/st-auto-orders-20260301t0600z.json");
    }

    @Test
    void invoke_whenDryRunOfTheSchedulerOnTheCensusRecord_plansTheSnapshotsOfTheScheduledEventsWindow() {
        Map<String, String> env = functionEnvironment();
        env.put("ST_CENSUS_FUNCTION", "silenttalk-ops-snapshot-census");
        OpsctlRun run = OpsctlRun.in(work, env, "invoke", "--cloud", "aws", "--function", "snapshot-scheduler",
                "--event", EVENTS.resolve("lambda/census-destination-retries-exhausted.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> calls = run.stdout().lines().map(InvokeCommandTest::parse).toList();
        assertThat(calls).filteredOn(c -> c.path("operation").asText().equals("CreateDBSnapshot")).singleElement()
                .satisfies(c -> assertThat(c.path("parameters").path("DBSnapshotIdentifier").asText())
                        .isEqualTo("st-auto-orders-20260301t0600z"));
        assertThat(calls).extracting(c -> c.path("service").asText()).containsOnly("rds");
    }

    @Test
    void invoke_whenDryRunOfTheSnapshotScheduler_printsPlannedCallsAsJsonLines() throws Exception {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--cloud", "aws", "--function",
                "snapshot-scheduler", "--event", EVENTS.resolve("eventbridge/scheduled-event.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> calls = run.stdout().lines().map(InvokeCommandTest::parse).toList();
        assertThat(calls).extracting(c -> c.path("operation").asText())
                .contains("DescribeDBSnapshots", "CreateDBSnapshot", "CreateDBClusterSnapshot");
        JsonNode create = calls.stream().filter(c -> c.path("operation").asText().equals("CreateDBSnapshot")).findFirst().orElseThrow();
        assertThat(create.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(create.path("parameters").path("DBSnapshotIdentifier").asText()).matches("st-auto-orders-\\d{8}t\\d{4}z");
        assertThat(create.path("parameters").path("Tags").path("silenttalk:created-by").asText()).isEqualTo("ops-automation");
        assertThat(run.stderr()).contains("none made");
    }

    /** The alert payload fixtures live in the alert-channels test resources (shared by the AWS, Azure and local tests). */
    static final Path ALERT_EVENTS = Path.of("..", "alert-channels", "src", "test", "resources", "events").toAbsolutePath().normalize();

    @Test
    void invoke_whenDryRunOfTheAlarmNotifier_printsThePlannedDeliveriesAndSendsNothing() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "alarm-notifier",
                "--event", ALERT_EVENTS.resolve("cloudwatch/alarm-state-change-composite.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> calls = run.stdout().lines().map(InvokeCommandTest::parse).toList();
        // the deployment markers it would read first (answered empty: no deployment mutes the alert), then the deliveries
        assertThat(calls.get(0).path("operation").asText()).isEqualTo("ListObjectsV2");
        List<JsonNode> deliveries = calls.subList(1, calls.size());
        assertThat(deliveries).extracting(c -> c.path("parameters").path("channel").asText())
                .containsExactly("oncall", "ops-slack", "ops-teams");
        assertThat(deliveries).allSatisfy(c -> assertThat(c.path("parameters").path("action").asText()).isEqualTo("TRIGGER"));
    }

    @Test
    void invoke_whenAlarmNotifierGetsASubscriptionConfirmation_exitsTwoWithOneLine() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "alarm-notifier",
                "--event", ALERT_EVENTS.resolve("invalid/sns-subscription-confirmation.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr()).contains("SubscriptionConfirmation");
    }

    @Test
    void invoke_whenDryRunOfTheCopier_printsTheEncryptedCrossRegionCopy() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "snapshot-copier",
                "--event", EVENTS.resolve("rds/db-snapshot-created.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode copy = parse(run.stdout().strip());
        assertThat(copy.path("operation").asText()).isEqualTo("CopyDBSnapshot");
        assertThat(copy.path("region").asText()).isEqualTo("eu-central-1");
        assertThat(copy.path("parameters").path("SourceDBSnapshotIdentifier").asText())
                .isEqualTo("arn:aws:rds:eu-west-1:123456789012:snapshot:st-auto-orders-20260301t0600z");
    }

    @Test
    void invoke_whenEventHasTheWrongSource_exitsTwoWithOneLineNamingTheField() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "snapshot-scheduler",
                "--event", EVENTS.resolve("eventbridge/scheduled-event-wrong-source.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip().lines()).singleElement().satisfies(l -> assertThat(l).contains("source"));
    }

    @Test
    void invoke_whenFunctionIsUnknown_exitsTwoNamingTheChoices() {
        OpsctlRun run = OpsctlRun.in(work, functionEnvironment(), "invoke", "--function", "launch-missiles",
                "--event", EVENTS.resolve("eventbridge/scheduled-event.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).contains("snapshot-scheduler");
    }

    @Test
    void invoke_whenConfigurationIsMissing_exitsTwoNamingTheVariable() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "invoke", "--function", "snapshot-scheduler",
                "--event", EVENTS.resolve("eventbridge/scheduled-event.json").toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).containsPattern("ST_[A-Z_]+|AWS_REGION");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}

package com.silenttalk.automation.local.drill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.local.OpsctlRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** opsctl drill --cloud aws against WireMock speaking the Step Functions JSON 1.0 protocol. */
class StepFunctionsDrillTest {
    static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:DrillStateMachine-Ab12Cd34";
    static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:DrillStateMachine-Ab12Cd34:opsctl-orders-x";
    static final String SECRET_KEY = "sfn-test-secret-key-never-printed-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    WireMockServer sfn;

    @BeforeEach
    void start() {
        sfn = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        sfn.start();
    }

    @AfterEach
    void stop() {
        sfn.stop();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:" + sfn.port());
        env.put("AWS_ACCESS_KEY_ID", "AKIATESTONLY0000");
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("ST_DATABASES", "orders:instance,chat:cluster");
        env.put("ST_REPORT_BUCKET", "st-reports");
        return env;
    }

    void answer(String operation, int status, String body) {
        sfn.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody(body)));
    }

    void describeInSequence(String... bodies) {
        for (int i = 0; i < bodies.length; i++) {
            var stub = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.DescribeExecution"))
                    .inScenario("describe").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "call-" + i)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                            .withBody(bodies[i]));
            if (i < bodies.length - 1) {
                stub = stub.willSetStateTo("call-" + (i + 1));
            }
            sfn.stubFor(stub);
        }
    }

    static String started() {
        return "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1.7724E9}";
    }

    static String execution(String status, String extra) {
        return "{\"executionArn\":\"" + EXECUTION + "\",\"stateMachineArn\":\"" + STATE_MACHINE + "\",\"name\":\"opsctl-orders-x\","
                + "\"status\":\"" + status + "\",\"startDate\":1.7724E9" + extra + "}";
    }

    static String result(boolean passed, String summary) throws Exception {
        return JSON.writeValueAsString(Map.of("passed", passed, "summary", summary,
                "reportKey", "drill-reports/orders/orders-20260301t0200z.json"));
    }

    List<JsonNode> requests(String operation) {
        return sfn.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation)))
                .stream().map(LoggedRequest::getBodyAsString).map(StepFunctionsDrillTest::parse).toList();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    OpsctlRun opsctl(String... args) {
        return OpsctlRun.in(work, env(), args);
    }

    @Test
    void drill_whenStartedOnAws_startsTheStateMachineForTheDatabaseAndPrintsTheExecutionArn() {
        answer("StartExecution", 200, started());

        OpsctlRun run = opsctl("drill", "--cloud", "aws", "--state-machine", STATE_MACHINE, "--database", "orders");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().strip()).isEqualTo(EXECUTION);
        assertThat(requests("StartExecution")).singleElement().satisfies(body -> {
            assertThat(body.path("stateMachineArn").asText()).isEqualTo(STATE_MACHINE);
            assertThat(body.path("name").asText()).matches("opsctl-orders-\\d{8}t\\d{4}z");
            assertThat(parse(body.path("input").asText())).isEqualTo(parse("{\"database\":\"orders\"}"));
        });
        assertThat(sfn.findAll(postRequestedFor(urlEqualTo("/")))).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Content-Type")).startsWith("application/x-amz-json-1.0");
            assertThat(r.getHeader("Authorization")).contains("/eu-west-1/states/aws4_request");
        });
        assertThat(requests("DescribeExecution")).isEmpty();
    }

    @Test
    void drill_whenWaitingAndTheDrillPasses_pollsUntilDoneAndPrintsTheReportLocation() throws Exception {
        answer("StartExecution", 200, started());
        describeInSequence(execution("RUNNING", ""), execution("SUCCEEDED", ",\"stopDate\":1.7724E9,\"output\":"
                + JSON.writeValueAsString(result(true, "drill orders-20260301t0200z passed"))));
        Map<String, String> env = env();
        env.put(StepFunctionsDrill.STATE_MACHINE_ENV, STATE_MACHINE);

        OpsctlRun run = OpsctlRun.in(work, env, "drill", "--cloud", "aws", "--wait", "--poll-seconds", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo(EXECUTION);
        JsonNode outcome = parse(lines.get(1));
        assertThat(outcome.path("passed").asBoolean()).isTrue();
        assertThat(outcome.path("report").asText()).isEqualTo("s3://st-reports/drill-reports/orders/orders-20260301t0200z.json");
        assertThat(requests("DescribeExecution")).hasSize(2)
                .allSatisfy(body -> assertThat(body.path("executionArn").asText()).isEqualTo(EXECUTION));
        // the first database in ST_DATABASES when --database is not given
        assertThat(parse(requests("StartExecution").get(0).path("input").asText()).path("database").asText()).isEqualTo("orders");
    }

    @Test
    void drill_whenWaitingAndTheDrillFails_exitsOneWithTheReportFromTheFailureCause() throws Exception {
        answer("StartExecution", 200, started());
        describeInSequence(execution("FAILED", ",\"error\":\"DrillFailed\",\"cause\":"
                + JSON.writeValueAsString(result(false, "drill orders-20260301t0200z FAILED; check row-counts"))));

        OpsctlRun run = opsctl("drill", "--cloud", "aws", "--state-machine", STATE_MACHINE, "--wait", "--poll-seconds", "1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode outcome = parse(run.stdout().lines().toList().get(1));
        assertThat(outcome.path("passed").asBoolean()).isFalse();
        assertThat(outcome.path("summary").asText()).contains("check row-counts");
        assertThat(outcome.path("report").asText()).startsWith("s3://st-reports/drill-reports/");
    }

    @Test
    void drill_whenTheLoopItselfBreaks_exitsThreeNamingTheError() {
        answer("StartExecution", 200, started());
        describeInSequence(execution("FAILED", ",\"error\":\"States.TaskFailed\",\"cause\":\"Lambda timed out\""));

        OpsctlRun run = opsctl("drill", "--cloud", "aws", "--state-machine", STATE_MACHINE, "--wait", "--poll-seconds", "1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr()).contains("States.TaskFailed").contains("no verdict");
    }

    @Test
    void drill_whenTheStateMachineDoesNotExist_exitsThreeWithOneLine() {
        answer("StartExecution", 400, "{\"__type\":\"com.amazonaws.swf.base.model#StateMachineDoesNotExist\","
                + "\"message\":\"State Machine Does Not Exist: '" + STATE_MACHINE + "'\"}");

        OpsctlRun run = opsctl("drill", "--cloud", "aws", "--state-machine", STATE_MACHINE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr().lines().filter(l -> l.startsWith("opsctl:")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("StateMachineDoesNotExist"));
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void drill_whenTheStateMachineArnIsMissingOrMalformed_exitsTwoAndCallsNothing() {
        OpsctlRun missing = opsctl("drill", "--cloud", "aws");
        OpsctlRun malformed = opsctl("drill", "--cloud", "aws", "--state-machine", "arn:aws:lambda:eu-west-1:123456789012:function:x");
        OpsctlRun local = opsctl("drill", "--database", "orders"); // (a local --wait waits for a running drill: issue #14)

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--state-machine");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.stderr()).contains("--state-machine").contains("not a Step Functions state machine ARN");
        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.stderr()).contains("--database: only applies with --cloud aws");
        assertThat(sfn.getAllServeEvents()).isEmpty();
    }

    @Test
    void drill_whenRunOnAws_neverPrintsTheSecretKey() throws Exception {
        answer("StartExecution", 200, started());
        describeInSequence(execution("SUCCEEDED", ",\"output\":" + JSON.writeValueAsString(result(true, "passed"))));

        OpsctlRun run = opsctl("drill", "--cloud", "aws", "--state-machine", STATE_MACHINE, "--wait", "--poll-seconds", "1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout() + run.stderr()).doesNotContain(SECRET_KEY);
    }
}

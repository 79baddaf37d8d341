package com.silenttalk.automation.local.drill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsctl drill --cloud azure} against WireMock speaking the function app's HTTP start
 * (202 with the Durable Functions management URLs) and the Durable Functions status API.
 */
class AzureDrillCommandTest {
    static final String KEY = "fk-SECRET-function-key-0042";
    static final String SYSTEM_KEY = "sys-SECRET-durable-key-0077";
    static final String STATUS_PATH = "/runtime/webhooks/durabletask/instances/pre-upgrade-1";

    @TempDir
    Path work;
    WireMockServer app;

    @BeforeEach
    void start() {
        app = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    String base() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The body createCheckStatusResponse answers with: every management URL carries the system key. */
    String accepted() {
        String instance = base() + STATUS_PATH;
        String query = "?taskHub=StOpsHub&connection=Storage&code=" + SYSTEM_KEY;
        return """
                {"id": "pre-upgrade-1",
                 "purgeHistoryDeleteUri": "%1$s%2$s",
                 "sendEventPostUri": "%1$s/raiseEvent/{eventName}%2$s",
                 "statusQueryGetUri": "%1$s%2$s",
                 "terminatePostUri": "%1$s/terminate?reason={text}&%3$s",
                 "suspendPostUri": "%1$s/suspend?reason={text}&%3$s",
                 "resumePostUri": "%1$s/resume?reason={text}&%3$s"}
                """.formatted(instance, query, query.substring(1));
    }

    static String status(String runtimeStatus, String output) {
        return """
                {"name": "RestoreDrill", "instanceId": "pre-upgrade-1", "runtimeStatus": "%s",
                 "input": "{\\"runId\\":\\"pre-upgrade-1\\",\\"database\\":\\"orders\\"}", "customStatus": null,
                 "output": %s, "createdTime": "2026-11-25T19:00:02Z", "lastUpdatedTime": "2026-11-25T19:41:40Z"}
                """.formatted(runtimeStatus, output == null ? "null" : LocalJson.write(output));
    }

    void stubStart() {
        app.stubFor(post(urlPathEqualTo("/api/drills")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withHeader("Location", base() + STATUS_PATH + "?code=" + SYSTEM_KEY)
                .withBody(accepted())));
    }

    OpsctlRun drill(Map<String, String> env, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"drill", "--cloud", "azure", "--function-url", base() + "/api/drills", "--database"}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return OpsctlRun.in(work, env, args);
    }

    static Map<String, String> withKey() {
        return Map.of("AZURE_FUNCTION_KEY", KEY);
    }

    @Test
    void drill_whenStartedWithoutWait_postsTheDatabaseWithTheKeyHeaderAndPrintsTheInstanceId() throws Exception {
        stubStart();

        OpsctlRun run = drill(withKey(), "orders", "--run-id", "pre-upgrade-1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
        app.verify(1, postRequestedFor(urlPathEqualTo("/api/drills"))
                .withHeader("x-functions-key", equalTo(KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"database\": \"orders\", \"runId\": \"pre-upgrade-1\"}")));
        assertThat(app.findAll(postRequestedFor(urlPathEqualTo("/api/drills"))).get(0).getUrl()).doesNotContain("code=");
        assertThat(last(run).path("instanceId").asText()).isEqualTo("pre-upgrade-1");
        app.verify(0, getRequestedFor(anyUrl()));
        assertNoKeyPrinted(run);
    }

    @Test
    void drill_whenWaitingForACompletedDrill_pollsTheStatusUriUntilItEndsAndExits0() throws Exception {
        stubStart();
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(202).withBody(status("Pending", null))).willSetStateTo("running"));
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).inScenario("s").whenScenarioStateIs("running")
                .willReturn(aResponse().withStatus(202).withBody(status("Running", null))).willSetStateTo("done"));
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).inScenario("s").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200).withBody(status("Completed",
                        "drill pre-upgrade-1 passed: RTO 41m (target 1h), RPO 5h2m (target 6h)"))));

        OpsctlRun run = drill(withKey(), "orders", "--run-id", "pre-upgrade-1", "--wait", "--poll-seconds", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
        app.verify(3, getRequestedFor(urlPathEqualTo(STATUS_PATH)).withQueryParam("code", equalTo(SYSTEM_KEY))
                .withQueryParam("taskHub", equalTo("StOpsHub")));
        JsonNode result = last(run);
        assertThat(result.path("instanceId").asText()).isEqualTo("pre-upgrade-1");
        assertThat(result.path("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(result.path("output").asText()).startsWith("drill pre-upgrade-1 passed");
        assertNoKeyPrinted(run);
    }

    @Test
    void drill_whenTheOrchestrationFailed_printsFailedAndExits1() throws Exception {
        stubStart();
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(aResponse().withStatus(400).withBody(status("Failed",
                "Orchestrator function 'RestoreDrill' failed: restored server drill-pre-upgrade-1 is Disabled"))));

        OpsctlRun run = drill(withKey(), "orders", "--wait", "--poll-seconds", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(last(run).path("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(run.stderr()).contains("Failed: Orchestrator function 'RestoreDrill' failed");
        assertNoKeyPrinted(run);
    }

    @Test
    void drill_whenTheOrchestrationCompletesWithAFailedDrill_exits1() {
        stubStart();
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).willReturn(aResponse().withStatus(200).withBody(status("Completed",
                "drill pre-upgrade-1 FAILED; check row-counts: public.messages 0 != 1200"))));

        OpsctlRun run = drill(withKey(), "orders", "--wait", "--poll-seconds", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.CHECK_FAILED);
    }

    @Test
    void drill_whenTheStatusEndpointFailsOnce_retriesAndStillFollowsTheInstance() {
        stubStart();
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).inScenario("f").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")).willSetStateTo("up"));
        app.stubFor(get(urlPathEqualTo(STATUS_PATH)).inScenario("f").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(status("Completed", "drill pre-upgrade-1 passed: RTO 1m"))));

        OpsctlRun run = drill(withKey(), "orders", "--wait", "--poll-seconds", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
        app.verify(2, getRequestedFor(urlPathEqualTo(STATUS_PATH)));
    }

    @Test
    void drill_whenTheKeyIsNotSet_namesTheVariableAndCallsNothing() {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_FUNCTION_KEY", "");

        OpsctlRun run = drill(env, "orders");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.stderr()).contains("AZURE_FUNCTION_KEY");
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void drill_whenTheUrlCarriesTheKey_refusesItWithoutEchoingTheKeyAndCallsNothing() {
        OpsctlRun run = OpsctlRun.in(work, withKey(), "drill", "--cloud", "azure", "--function-url",
                base() + "/api/drills?code=" + KEY, "--database", "orders");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.stderr()).contains("--function-url");
        assertNoKeyPrinted(run);
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void drill_whenTheStartRefusesTheBody_namesTheFieldTheFunctionNamed() {
        app.stubFor(post(urlPathEqualTo("/api/drills")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"bad request\", \"field\": \"database\", \"message\": \"database: 'billing' is not one of orders, chat\"}")));

        OpsctlRun run = drill(withKey(), "billing");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.stderr()).contains("database").contains("billing");
        assertNoKeyPrinted(run);
    }

    @Test
    void drill_whenTheKeyIsRefused_exits3WithoutPrintingIt() {
        app.stubFor(post(urlPathEqualTo("/api/drills")).willReturn(aResponse().withStatus(401)));

        OpsctlRun run = drill(withKey(), "orders");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.stderr()).contains("AZURE_FUNCTION_KEY").contains("401");
        assertNoKeyPrinted(run);
    }

    @Test
    void drill_whenCloudOptionsAreGivenWithoutCloud_namesTheOption() {
        OpsctlRun run = OpsctlRun.in(work, withKey(), "drill", "--function-url", base() + "/api/drills");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.stderr()).contains("--function-url").contains("--cloud azure");
        app.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The last of the JSON documents opsctl printed on stdout. */
    static JsonNode last(OpsctlRun run) throws java.io.IOException {
        JsonNode last = null;
        try (var docs = LocalJson.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(run.stdout())) {
            while (docs.hasNext()) {
                last = docs.next();
            }
        }
        return last;
    }

    static void assertNoKeyPrinted(OpsctlRun run) {
        assertThat(run.stdout() + run.stderr()).doesNotContain(KEY).doesNotContain(SYSTEM_KEY).doesNotContain("code=");
    }
}

package com.silenttalk.automation.azure.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.outbound.WebhookTransport;
import com.silenttalk.automation.azure.ledger.TableRunLedger;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.scaling.ScalablePlans;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.azure.testing.TestHttpRequest;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The action group's webhook, called as the Java worker calls it, on the real adapters: channels
 * on WireMock (the documented Slack, Teams and PagerDuty answers), the ledger and dead letters on
 * azurite, ARM for the App Service plan on WireMock.
 */
@ExtendWith(Azurite.class)
class AlertWebhookFunctionTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:06:00Z");
    static final String SLACK_PATH = "/services/T0SILENT/B0TALK42/abcdefSECRETtoken123456";
    static final String TEAMS_PATH = "/workflows/7f3c1d2e9a8b4c5d/triggers/manual/paths/invoke?sig=TEAMSsecretSIG987654321";
    static final String ROUTING_KEY = "R0UTINGKEYsecret0123456789abcdef";
    static final List<String> SECRETS = List.of("abcdefSECRETtoken123456", "TEAMSsecretSIG987654321", ROUTING_KEY);
    static final String PLAN = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/silenttalk-prod"
            + "/providers/Microsoft.Web/serverfarms/silenttalk-api-plan";
    static final String PD_ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}";

    WireMockServer channels;
    ArmApi arm;
    TableClient table;
    BlobContainerClient alerts;
    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        channels = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        channels.start();
        arm = new ArmApi();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        table = TestAzure.clients().table(accounts.primary(), "ledger" + suffix);
        table.createTable();
        alerts = TestAzure.clients().container(accounts.primary(), "alerts-" + suffix);
        alerts.create();
    }

    @AfterEach
    void stop() {
        channels.stop();
        arm.close();
    }

    AlertWebhookFunction function(ScalablePlans plans) {
        String base = "http://127.0.0.1:" + channels.port();
        Map<String, String> env = Map.of("OPSCTL_SLACK_WEBHOOK_URL", base + SLACK_PATH, "OPSCTL_TEAMS_WEBHOOK_URL", base + TEAMS_PATH,
                "OPSCTL_PAGERDUTY_ROUTING_KEY", ROUTING_KEY);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        WebhookTransport transport = new WebhookTransport(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                WebhookTransport.RetryPolicy.DEFAULT, waits::add, () -> 0.5, clock);
        AlertingWiring wiring = AlertingWiring.build(AlertRulesFile.loadDefault(), env, table, alerts,
                TestAzure.arm(TestAzure.clients(), arm.baseUrl(), new TestAzure.RecordingSleeper(), 2), transport,
                region -> URI.create(base + "/v2/enqueue"), plans, clock);
        return new AlertWebhookFunction(() -> wiring);
    }

    void channelsAccept() {
        channels.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        channels.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        channels.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202).withBody(PD_ACCEPTED)));
    }

    void planHas(int capacity) {
        arm.server.stubFor(get(urlPathEqualTo(PLAN)).willReturn(aResponse().withStatus(200).withBody("""
                {"id": "%s", "name": "silenttalk-api-plan", "type": "Microsoft.Web/serverfarms", "kind": "linux",
                 "location": "West Europe", "sku": {"name": "P1v3", "tier": "PremiumV3", "capacity": %d},
                 "properties": {"status": "Ready", "maximumNumberOfWorkers": 30, "reserved": true}}
                """.formatted(PLAN, capacity))));
        arm.server.stubFor(put(urlPathEqualTo(PLAN)).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    static TestExecutionContext context() {
        return new TestExecutionContext("AlertWebhook");
    }

    static JsonNode body(HttpResponseMessage response) throws Exception {
        return Json.MAPPER.readTree((String) response.getBody());
    }

    List<String> blobNames() {
        return alerts.listBlobs().stream().map(BlobItem::getName).toList();
    }

    @Test
    void run_whenADeploymentMarkerIsMalformed_saysSoInTheInvocationsLogAndStillRoutes() throws Exception {
        channelsAccept();
        alerts.getBlobClient(BlobDeploymentMarkers.PREFIX + "broken.json")
                .upload(com.azure.core.util.BinaryData.fromString("{\"deploymentId\": \"api-1\", \"startedAt\": "), true);
        TestExecutionContext context = context();

        HttpResponseMessage response = function(ScalablePlans.none()).run(new TestHttpRequest(
                "https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text("azure-monitor/metric-alert-fired.json")), context);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(context.lines()).hasSize(2);
        assertThat(context.lines().get(0)).startsWith("WARNING alert-webhook skipped deployment marker deployments/broken.json");
        assertThat(context.lines().get(1)).startsWith("INFO alert-webhook key=azure:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"metric-alert-fired.json", "metric-alert-resolved.json", "log-search-alert-fired.json",
            "activity-log-alert.json", "resource-health-alert.json"})
    void run_whenTheActionGroupPostsACommonSchemaAlert_routesItAndAnswers200(String fixture) throws Exception {
        channelsAccept();
        TestExecutionContext context = context();

        HttpResponseMessage response = function(ScalablePlans.none()).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text("azure-monitor/" + fixture)), context);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        JsonNode answer = body(response);
        assertThat(answer.path("dedupeKey").asText()).startsWith("azure:");
        assertThat(answer.path("decisions")).isNotEmpty();
        List<String> statuses = new ArrayList<>();
        answer.path("deliveries").forEach(d -> statuses.add(d.path("status").asText()));
        assertThat(statuses).doesNotContain("DEAD_LETTERED");
        assertThat(channels.findAll(postRequestedFor(anyUrl()))).hasSize(statuses.size());
        assertThat(new TableRunLedger(table).find(RouteAlert.runKeyOf(AlertFixtures.alert("azure-monitor/" + fixture))))
                .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(context.lines()).singleElement().asString().startsWith("INFO alert-webhook key=azure:");
        assertThat(blobNames()).isEmpty();
    }

    @Test
    void run_whenAFiringCpuAlertReachesChannels_sendsTheCapacityRoutesSlackAndTeams() throws Exception {
        channelsAccept();

        HttpResponseMessage response = function(ScalablePlans.none()).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text("azure-monitor/metric-alert-fired.json")),
                context());

        List<String> sent = new ArrayList<>();
        body(response).path("deliveries").forEach(d -> sent.add(d.path("channel").asText() + "=" + d.path("status").asText()));
        assertThat(sent).contains("ops-slack=SENT", "ops-teams=SENT");
        assertThat(channels.findAll(postRequestedFor(urlEqualTo(SLACK_PATH))).get(0).getBodyAsString())
                .contains("silenttalk-api-cpu-high");
    }

    @ParameterizedTest
    @CsvSource({
            "invalid/azure-metric-alert-legacy-schema.json, schemaId",
            "invalid/unknown-schema.json, schemaId",
            "cloudwatch/alarm-state-change-metric.json, schemaId",
            "invalid/malformed.json, body",
            "invalid/empty.json, body",
            "invalid/truncated-cloudwatch.json, body",
            "invalid/azure-missing-essentials-field.json, data.essentials.monitorCondition"})
    void run_whenThePayloadIsNotAValidCommonSchemaAlert_answers400NamingTheFieldAndDoesNothing(String fixture, String field)
            throws Exception {
        channelsAccept();
        planHas(4);
        TestExecutionContext context = context();

        HttpResponseMessage response = function(ScalablePlans.parse(PLAN)).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text(fixture)), context);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(response).path("field").asText()).isEqualTo(field);
        assertThat(context.lines()).singleElement().asString().startsWith("WARNING alert-webhook rejected field=" + field);
        assertThat(channels.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(arm.server.getAllServeEvents()).isEmpty();
        assertThat(table.listEntities()).isEmpty();
        assertThat(blobNames()).isEmpty();
    }

    @Test
    void run_whenTheBodyIsMissing_answers400NamingBody() throws Exception {
        HttpResponseMessage response = function(ScalablePlans.none()).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", null), context());

        assertThat(response.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(response).path("field").asText()).isEqualTo("body");
    }

    @Test
    void run_whenAChannelKeepsFailing_keepsADeadLetterBlobAndNoSecretAnywhere() throws Exception {
        channelsAccept();
        channels.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(500).withBody("internal_error")));
        TestExecutionContext context = context();

        HttpResponseMessage response = function(ScalablePlans.none()).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text("azure-monitor/metric-alert-fired.json")),
                context);

        assertThat(response.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().toString()).contains("\"channel\":\"ops-slack\",\"action\":\"TRIGGER\",\"status\":\"DEAD_LETTERED\"");
        assertThat(channels.findAll(postRequestedFor(urlEqualTo(SLACK_PATH)))).hasSize(WebhookTransport.RetryPolicy.DEFAULT.maxAttempts());
        List<String> blobs = blobNames();
        assertThat(blobs).singleElement().asString().startsWith("dead-letters/2026-03-01/ops-slack-").endsWith(".json");
        JsonNode letter = Json.MAPPER.readTree(alerts.getBlobClient(blobs.get(0)).downloadContent().toString());
        assertThat(letter.path("channel").asText()).isEqualTo("ops-slack");
        assertThat(letter.path("alert").path("name").asText()).isEqualTo("silenttalk-api-cpu-high");
        assertThat(letter.path("reason").asText()).contains("500");
        assertThat(context.lines()).singleElement().asString().contains("deadLettered=ops-slack");
        for (String secret : SECRETS) {
            assertThat(letter.toString()).doesNotContain(secret);
            assertThat(response.getBody().toString()).doesNotContain(secret);
            assertThat(String.join("\n", context.lines())).doesNotContain(secret);
        }
        assertThat(new TableRunLedger(table).find(RouteAlert.runKeyOf(AlertFixtures.alert("azure-monitor/metric-alert-fired.json"))))
                .hasValueSatisfying(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(r.details()).containsEntry("deadLettered", "ops-slack");
                });
    }

    @Test
    void run_whenCpuFiresOnAListedPlan_scalesThePlanOutByOneAndAuditsIt() throws Exception {
        channelsAccept();
        planHas(4);
        TestExecutionContext context = context();

        HttpResponseMessage response = function(ScalablePlans.parse(PLAN)).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text("azure-monitor/metric-alert-fired.json")),
                context);

        JsonNode scaling = body(response).path("scaling");
        assertThat(scaling.path("direction").asText()).isEqualTo("OUT");
        assertThat(scaling.path("current").asInt()).isEqualTo(4);
        assertThat(scaling.path("desired").asInt()).isEqualTo(5);
        assertThat(scaling.path("applied").asBoolean()).isTrue();
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> puts = arm.requests("PUT", PLAN);
        assertThat(puts).hasSize(1);
        assertThat(Json.MAPPER.readTree(puts.get(0).getBodyAsString()).path("sku").path("capacity").asInt()).isEqualTo(5);
        assertThat(context.lines()).singleElement().asString().endsWith("scaling=OUT 4->5");
        assertThat(new TableRunLedger(table).find(new RunKey("scaling-last/" + PLAN)))
                .hasValueSatisfying(r -> assertThat(r.details()).containsEntry("count", "5"));
    }

    @Test
    void run_whenCpuLowFiresWhileADrillRuns_holdsAndDoesNotScaleIn() throws Exception {
        channelsAccept();
        planHas(5);
        new TableRunLedger(table).claim(AuditRecord.started(new RunKey("drill/monthly-orders-202603"), "drill", NOW.minusSeconds(900)));

        HttpResponseMessage response = function(ScalablePlans.parse(PLAN)).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", Events.load("azure-monitor/metric-alert-cpu-low-scale-in.json")),
                context());

        JsonNode scaling = body(response).path("scaling");
        assertThat(scaling.path("signal").asText()).isEqualTo("CPU_LOW");
        assertThat(scaling.path("direction").asText()).isEqualTo("HOLD");
        assertThat(scaling.path("reason").asText()).contains("drill/monthly-orders-202603");
        assertThat(arm.requests("PUT", PLAN)).isEmpty();
    }

    @Test
    void run_whenCpuLowFiresWithNothingRunning_scalesInByOneOnTheNamedPlan() throws Exception {
        channelsAccept();
        planHas(5);

        HttpResponseMessage response = function(ScalablePlans.parse(PLAN)).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", Events.load("azure-monitor/metric-alert-cpu-low-scale-in.json")),
                context());

        assertThat(body(response).path("scaling").path("direction").asText()).isEqualTo("IN");
        assertThat(Json.MAPPER.readTree(arm.requests("PUT", PLAN).get(0).getBodyAsString()).path("sku").path("capacity").asInt())
                .isEqualTo(4);
    }

    @Test
    void run_whenThePlanIsNotListed_routesButScalesNothing() throws Exception {
        channelsAccept();
        planHas(4);

        HttpResponseMessage response = function(ScalablePlans.none()).run(
                new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", AlertFixtures.text("azure-monitor/metric-alert-fired.json")),
                context());

        assertThat(body(response).path("scaling").path("skipped").asText()).contains("ST_SCALING_PLAN_IDS");
        assertThat(arm.server.getAllServeEvents()).isEmpty();
        assertThat(channels.findAll(postRequestedFor(anyUrl()))).isNotEmpty();
    }

    @Test
    void run_whenTheActionGroupRetriesTheSameAlert_deliversAndScalesOnce() throws Exception {
        channelsAccept();
        planHas(4);
        AlertWebhookFunction function = function(ScalablePlans.parse(PLAN));
        String payload = AlertFixtures.text("azure-monitor/metric-alert-fired.json");

        function.run(new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", payload), context());
        int firstPosts = channels.findAll(postRequestedFor(anyUrl())).size();
        HttpResponseMessage again = function.run(new TestHttpRequest("https://st-ops.azurewebsites.net/api/alerts", payload), context());

        assertThat(body(again).path("duplicate").asBoolean()).isTrue();
        assertThat(body(again).path("scaling").path("duplicate").asBoolean()).isTrue();
        assertThat(channels.findAll(postRequestedFor(anyUrl()))).hasSize(firstPosts);
        assertThat(arm.requests("PUT", PLAN)).hasSize(1);
    }
}

package com.silenttalk.automation.azure.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.outbound.WebhookTransport;
import com.silenttalk.automation.azure.alerting.AlertingWiring;
import com.silenttalk.automation.azure.alerting.BlobDeploymentMarkers;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.DurableSteps;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.scaling.ScalablePlans;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.RecordingDurableClient;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.azure.testing.TestHttpRequest;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.failover.FailoverHistory;
import com.silenttalk.automation.core.failover.FailoverMode;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The failover functions called directly with real payloads (Azure Monitor common alert schema,
 * approval bodies) and a real ExecutionContext; the orchestration's activity drives the
 * Flexible Server, Redis and Front Door adapters against ARM on WireMock. A plan awaiting approval
 * goes through the alert function's routing: channels on WireMock, its ledger and dead letters on azurite.
 */
@ExtendWith(Azurite.class)
class FailoverFunctionsTest {
    static final String SLACK_PATH = "/services/T0SILENT/B0TALK42/abcdefSECRETtoken123456";
    static final String TEAMS_PATH = "/workflows/7f3c1d2e9a8b4c5d/triggers/manual/paths/invoke?sig=TEAMSsecretSIG987654321";
    static final String ROUTING_KEY = "R0UTINGKEYsecret0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-11-25T03:08:00Z");
    static final String OLD = "orders-weu";
    static final String NEW = "orders-neu";
    static final String PG = "Microsoft.DBforPostgreSQL";
    static final String ALERT_URL = "https://st-ops.azurewebsites.net/api/failover/alert";
    static final String APPROVE_URL = "https://st-ops.azurewebsites.net/api/failover/approve";

    ArmApi api;
    ManualClock clock;
    InMemoryRunLedger ledger;
    List<String> probed;
    RecordingDurableClient durable;
    FailoverWorkflow workflow;
    WireMockServer channels;
    BlobContainerClient alerts;
    RouteAlert approvers;

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        channels = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        channels.start();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var table = TestAzure.clients().table(accounts.primary(), "ledger" + suffix);
        table.createTable();
        alerts = TestAzure.clients().container(accounts.primary(), "alerts-" + suffix);
        alerts.create();
        api = new ArmApi();
        clock = new ManualClock(NOW);
        ledger = new InMemoryRunLedger();
        probed = new ArrayList<>();
        durable = new RecordingDurableClient();
        ArmClient arm = TestAzure.arm(TestAzure.clients(), api.baseUrl(), new TestAzure.RecordingSleeper(), 2);
        workflow = new FailoverWorkflow(
                new FlexibleServerReplicaFailover(arm, TestAzure.SERVERS, (server, host) -> probed.add(server + "@" + host), Optional.empty()),
                new RedisGeoReplicationSwitch(arm, new RedisGeoReplicationSwitch.Caches(FailoverArm.SUB, FailoverArm.RG,
                        Map.of(OLD, "st-cache-weu", NEW, "st-cache-neu"))),
                new FrontDoorOriginSwitch(arm, new FrontDoorOriginSwitch.OriginGroup(FailoverArm.SUB, FailoverArm.RG, "st-edge",
                        "app", Map.of(OLD, "app-weu", NEW, "app-neu"))),
                ledger, clock, Duration.ofMinutes(30));
        String base = "http://127.0.0.1:" + channels.port();
        WebhookTransport transport = new WebhookTransport(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                WebhookTransport.RetryPolicy.DEFAULT, d -> { }, () -> 0.5, clock);
        approvers = AlertingWiring.build(AlertRulesFile.loadDefault(), Map.of("OPSCTL_SLACK_WEBHOOK_URL", base + SLACK_PATH,
                "OPSCTL_TEAMS_WEBHOOK_URL", base + TEAMS_PATH, "OPSCTL_PAGERDUTY_ROUTING_KEY", ROUTING_KEY), table, alerts, arm, transport,
                region -> URI.create(base + "/v2/enqueue"), ScalablePlans.parse(null), clock).route();
        channels.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        channels.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        channels.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")));
    }

    @AfterEach
    void stop() {
        channels.stop();
        api.close();
    }

    FailoverFunctions functions(FailoverMode mode, Duration lag) {
        FailoverWiring wiring = FailoverWiring.of("orders", OLD, NEW, Map.of("st-frontdoor-origin-weu-unhealthy", SignalKind.HEALTH_CHECK,
                "st-pg-weu-is-alive", SignalKind.ALARM), mode, workflow, server -> lag, ledger, approvers, clock);
        return new FailoverFunctions(() -> wiring);
    }

    HttpResponseMessage alert(FailoverFunctions f, String fixture) {
        return f.alert(new TestHttpRequest(ALERT_URL, Events.load(fixture)), durable.context(), new TestExecutionContext("FailoverAlert"));
    }

    HttpResponseMessage approve(FailoverFunctions f, String body) {
        return f.approve(new TestHttpRequest(APPROVE_URL, body), durable.context(), new TestExecutionContext("FailoverApprove"));
    }

    static JsonNode body(HttpResponseMessage r) {
        return Json.tree((String) r.getBody(), "body");
    }

    @Test
    void alert_whenOneSignalFires_recordsItAndTheGateRefuses() {
        FailoverFunctions f = functions(FailoverMode.AUTOMATIC, Duration.ofSeconds(1));

        HttpResponseMessage r = alert(f, "azure-monitor/failover-pg-alive-fired.json");

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(body(r).path("verdict").asText()).isEqualTo("REFUSE");
        assertThat(body(r).path("reasons").toString()).contains("quorum not met");
        assertThat(ledger.find(new RunKey("failover-signal/orders/st-pg-weu-is-alive")).orElseThrow().details())
                .containsEntry("failing", "true").containsEntry("since", "2026-11-25T03:01:12.551Z");
        assertThat(durable.scheduled()).isEmpty();
        assertThat(api.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void alert_whenTheSecondKindFiresInApprovalMode_storesThePlanAndStartsNothing() {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");

        HttpResponseMessage r = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(body(r).path("verdict").asText()).isEqualTo("AWAIT_APPROVAL");
        assertThat(body(r).path("plan").path("planId").asText()).isEqualTo("orders-gen1");
        assertThat(ledger.find(new RunKey("failover-plan/orders-gen1"))).isPresent();
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void alert_whenThePlanIsStored_sendsItsSummaryToEveryAlertChannelOnce() {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");

        HttpResponseMessage r = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");
        HttpResponseMessage redelivered = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");

        assertThat(body(r).path("approvers").toString()).contains("oncall:SENT", "ops-slack:SENT", "ops-teams:SENT");
        assertThat(body(redelivered).path("note").asText()).isEqualTo("already awaiting approval");
        assertThat(body(redelivered).has("approvers")).isFalse();
        channels.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));
        channels.verify(1, postRequestedFor(urlEqualTo(TEAMS_PATH)));
        channels.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")));
        JsonNode slack = Json.tree(channels.findAll(postRequestedFor(urlEqualTo(SLACK_PATH))).get(0).getBodyAsString(), "slack");
        assertThat(slack.path("text").asText()).isEqualTo("FIRING: silenttalk-failover-orders-awaiting-approval (critical)");
        assertThat(slack.toString()).contains("Failover from orders-weu to orders-neu awaits approval until 2026-11-25T03:38:00Z")
                .contains("POST /api/failover/approve").contains("orders-gen1");
        JsonNode page = Json.tree(channels.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).get(0).getBodyAsString(), "pagerduty");
        assertThat(page.path("event_action").asText()).isEqualTo("trigger");
        assertThat(page.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(page.path("payload").path("custom_details").path("planId").asText()).isEqualTo("orders-gen1");
        assertThat(page.path("payload").path("custom_details").path("to").asText()).isEqualTo(NEW);
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void alert_whenADeploymentMarkerIsMalformed_saysSoInTheInvocationsLogAndStillTellsTheApprovers() {
        alerts.getBlobClient(BlobDeploymentMarkers.PREFIX + "broken.json")
                .upload(com.azure.core.util.BinaryData.fromString("{\"deploymentId\": \"api-1\", \"startedAt\": "), true);
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");
        TestExecutionContext context = new TestExecutionContext("FailoverAlert");

        HttpResponseMessage r = f.alert(new TestHttpRequest(ALERT_URL, Events.load("azure-monitor/failover-frontdoor-origin-fired.json")),
                durable.context(), context);

        assertThat(body(r).path("approvers").toString()).contains("oncall:SENT", "ops-slack:SENT", "ops-teams:SENT");
        // the approvers' routing is built once per worker; its line belongs to this invocation's log, not to JUL's
        assertThat(context.lines()).hasSize(2);
        assertThat(context.lines().get(0)).startsWith("WARNING ").contains("skipped deployment marker deployments/broken.json");
        assertThat(context.lines().get(1)).startsWith("INFO failover-alert ").contains("approvers=");
    }

    @Test
    void alert_whenAChannelRefusesThePlan_deadLettersItThereAndStillStoresThePlan() {
        channels.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(500).withBody("internal_error")));
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");
        TestExecutionContext context = new TestExecutionContext("FailoverAlert");

        HttpResponseMessage r = f.alert(new TestHttpRequest(ALERT_URL, Events.load("azure-monitor/failover-frontdoor-origin-fired.json")),
                durable.context(), context);

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(body(r).path("approvers").toString()).contains("ops-slack:DEAD_LETTERED", "oncall:SENT", "ops-teams:SENT");
        assertThat(alerts.listBlobs().stream().map(BlobItem::getName).toList()).singleElement().asString().contains("dead-letter");
        assertThat(ledger.find(new RunKey("failover-plan/orders-gen1"))).isPresent();
        assertThat(context.lines()).singleElement().asString().contains("approvers=").contains("ops-slack:DEAD_LETTERED")
                .doesNotContain("SECRETtoken").doesNotContain(ROUTING_KEY);
    }

    @Test
    void alert_whenTheQuorumIsMetInAutomaticMode_startsTheOrchestrationOnce() {
        FailoverFunctions f = functions(FailoverMode.AUTOMATIC, Duration.ofSeconds(1));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");

        HttpResponseMessage first = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");
        HttpResponseMessage redelivered = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(redelivered.getStatusCode()).isEqualTo(200);
        assertThat(body(redelivered).path("note").asText()).contains("another trigger holds the lease");
        assertThat(channels.getAllServeEvents()).as("automatic mode asks nobody").isEmpty();
        assertThat(durable.scheduled()).singleElement().satisfies(s -> {
            assertThat(s.orchestration()).isEqualTo(FailoverFunctions.ORCHESTRATION);
            assertThat(s.instanceId()).isEqualTo("orders-gen1");
            assertThat(Json.read((String) s.input(), FailoverState.class).step()).isEqualTo(FailoverStep.FENCE);
        });
    }

    @Test
    void alert_whenAnOperatorForcesPastTheRpoWithAReason_startsAForcedChainAndRecordsTheReason() {
        FailoverFunctions f = functions(FailoverMode.AUTOMATIC, Duration.ofHours(7));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");
        assertThat(body(alert(f, "azure-monitor/failover-frontdoor-origin-fired.json")).path("verdict").asText()).isEqualTo("REFUSE");
        TestExecutionContext context = new TestExecutionContext("FailoverAlert");

        HttpResponseMessage r = f.alert(new TestHttpRequest(ALERT_URL, Events.load("http/failover-alert-forced.json")), durable.context(), context);

        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat(body(r).path("forced").asText()).isEqualTo("data loss accepted by the operator (allowDataLoss), reason: "
                + "West Europe region outage; the last seconds of writes are given up (INC-4711)");
        assertThat(durable.scheduled()).singleElement().satisfies(s -> {
            FailoverState state = Json.read((String) s.input(), FailoverState.class);
            assertThat(state.plan().allowDataLoss()).isTrue();
            assertThat(state.plan().planned()).isFalse();
        });
        assertThat(ledger.find(new RunKey("failover-lease/orders-gen1"))).isPresent();
        assertThat(context.lines()).singleElement().asString().contains("allowDataLoss reason=West Europe region outage");
    }

    @Test
    void alert_whenForcedWithoutAReason_answers400NamingReasonAndRecordsNothing() {
        FailoverFunctions f = functions(FailoverMode.AUTOMATIC, Duration.ofHours(7));

        HttpResponseMessage r = alert(f, "http/failover-alert-forced-no-reason.json");

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(body(r).path("field").asText()).isEqualTo("reason");
        assertThat(ledger.writes()).isEmpty();
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void alert_whenTheAlarmResolvedBeforeTheSecondSignal_refuses() {
        FailoverFunctions f = functions(FailoverMode.AUTOMATIC, Duration.ofSeconds(1));
        alert(f, "azure-monitor/failover-pg-alive-fired.json");
        alert(f, "azure-monitor/failover-pg-alive-resolved.json");

        HttpResponseMessage r = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");

        assertThat(body(r).path("verdict").asText()).isEqualTo("REFUSE");
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void alert_whenTheReplicaLagIsUnknown_refusesBecauseNobodyForcedIt() {
        FailoverFunctions f = functions(FailoverMode.AUTOMATIC, null);
        alert(f, "azure-monitor/failover-pg-alive-fired.json");

        HttpResponseMessage r = alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");

        assertThat(body(r).path("verdict").asText()).isEqualTo("REFUSE");
        assertThat(body(r).path("reasons").toString()).contains("unknown replica lag");
        assertThat(durable.scheduled()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "azure-monitor/failover-unconfigured-rule-fired.json, data.essentials.alertRule",
            "azure-monitor/failover-legacy-schema.json, ",
            "http/failover-approve.json, "})
    void alert_whenThePayloadIsNotAConfiguredSignal_answers400NamingTheFieldAndRecordsNothing(String fixture, String field) {
        HttpResponseMessage r = alert(functions(FailoverMode.AUTOMATIC, Duration.ZERO), fixture);

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(body(r).path("field").asText()).isNotBlank();
        if (field != null) {
            assertThat(body(r).path("field").asText()).isEqualTo(field);
        }
        assertThat(ledger.writes()).isEmpty();
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void alert_whenTheBodyIsNotJson_answers400() {
        HttpResponseMessage r = functions(FailoverMode.AUTOMATIC, Duration.ZERO).alert(new TestHttpRequest(ALERT_URL, "{not json"),
                durable.context(), new TestExecutionContext("FailoverAlert"));

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(body(r).path("field").asText()).isEqualTo("body");
        assertThat(ledger.writes()).isEmpty();
    }

    void storePlan(FailoverFunctions f) {
        alert(f, "azure-monitor/failover-pg-alive-fired.json");
        alert(f, "azure-monitor/failover-frontdoor-origin-fired.json");
        assertThat(ledger.find(new RunKey("failover-plan/orders-gen1"))).isPresent();
    }

    @Test
    void approve_whenThePlanAwaitsApproval_startsTheOrchestrationWithTheChainAtTheFence() {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        storePlan(f);

        HttpResponseMessage r = approve(f, Events.load("http/failover-approve.json"));

        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat(durable.scheduled()).singleElement().satisfies(s -> {
            assertThat(s.instanceId()).isEqualTo("orders-gen1");
            FailoverState state = Json.read((String) s.input(), FailoverState.class);
            assertThat(state.plan().from()).isEqualTo(OLD);
            assertThat(state.plan().to()).isEqualTo(NEW);
        });
    }

    @ParameterizedTest
    @CsvSource({
            "http/failover-approve-missing-plan.json, planId",
            "http/failover-approve-unknown-field.json, force"})
    void approve_whenTheBodyIsBad_answers400NamingTheField(String fixture, String field) {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        storePlan(f);
        int writes = ledger.writes().size();

        HttpResponseMessage r = approve(f, Events.load(fixture));

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(body(r).path("field").asText()).isEqualTo(field);
        assertThat(ledger.writes()).hasSize(writes);
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void approve_whenThePlanIsUnknown_answers404AndChangesNothing() {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        storePlan(f);
        int writes = ledger.writes().size();

        HttpResponseMessage r = approve(f, Events.load("http/failover-approve-unknown-plan.json"));

        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(body(r).path("message").asText()).contains("orders-gen7");
        assertThat(ledger.writes()).hasSize(writes);
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void approve_whenThePlanExpiredOrWasUsed_answers409AndChangesNothing() {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        storePlan(f);
        assertThat(approve(f, Events.load("http/failover-approve.json")).getStatusCode()).isEqualTo(202);
        int writes = ledger.writes().size();

        HttpResponseMessage used = approve(f, Events.load("http/failover-approve.json"));

        assertThat(used.getStatusCode()).isEqualTo(409);
        assertThat(body(used).path("message").asText()).contains("already approved or executed");
        assertThat(ledger.writes()).hasSize(writes);
        assertThat(durable.scheduled()).hasSize(1);
    }

    @Test
    void approve_whenThePlanExpired_answers409() {
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        storePlan(f);
        clock.advance(Duration.ofMinutes(31));

        HttpResponseMessage r = approve(f, Events.load("http/failover-approve.json"));

        assertThat(r.getStatusCode()).isEqualTo(409);
        assertThat(body(r).path("message").asText()).contains("expired");
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void orchestration_whenApproved_runsTheChainThroughTheActivityAndMovesFrontDoorLast() {
        String path = api.serverPath(NEW);
        api.server.stubFor(get(urlPathEqualTo(api.serverPath(OLD))).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.server(OLD, "Stopped", "Primary", null))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("promotion").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.server(NEW, "Ready", "AsyncReplica", "Active"))));
        api.server.stubFor(patch(urlPathEqualTo(path)).inScenario("promotion").willSetStateTo("promoted")
                .willReturn(aResponse().withStatus(202)
                        .withHeader("Azure-AsyncOperation", FailoverArm.asyncOperationUrl(api, PG, "promo-1", "2024-08-01"))));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.asyncOperationPath(PG, "promo-1"))).willReturn(aResponse()
                .withStatus(200).withBody(ArmApi.operation("promo-1", "Succeeded"))));
        api.server.stubFor(get(urlPathEqualTo(path)).inScenario("promotion").whenScenarioStateIs("promoted")
                .willReturn(aResponse().withStatus(200).withBody(FailoverArm.server(NEW, "Ready", "Primary", null))));
        String link = FailoverArm.linkPath("st-cache-neu", "st-cache-weu");
        api.server.stubFor(get(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.linkedServer("st-cache-neu", "st-cache-weu", "Primary"))));
        api.server.stubFor(delete(urlPathEqualTo(link)).willReturn(aResponse().withStatus(200)));
        api.server.stubFor(get(urlPathEqualTo(FailoverArm.originsPath())).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origins(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 1, "Succeeded"),
                        FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 2, "Succeeded")))));
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/app-weu")).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origin("app-weu", "app-weu.azurewebsites.net", 3, "Succeeded"))));
        api.server.stubFor(patch(urlPathEqualTo(FailoverArm.originsPath() + "/app-neu")).willReturn(aResponse().withStatus(200)
                .withBody(FailoverArm.origin("app-neu", "app-neu.azurewebsites.net", 1, "Succeeded"))));
        FailoverFunctions f = functions(FailoverMode.APPROVAL_REQUIRED, Duration.ofSeconds(1));
        storePlan(f);
        approve(f, Events.load("http/failover-approve.json"));
        String input = (String) durable.scheduled().get(0).input();
        TestExecutionContext activity = new TestExecutionContext(FailoverFunctions.ADVANCE_ACTIVITY);
        List<Duration> waits = new ArrayList<>();

        String result = FailoverFunctions.run(input, new DurableSteps() {
            @Override
            public String call(String name, String in) {
                assertThat(name).isEqualTo(FailoverFunctions.ADVANCE_ACTIVITY);
                return f.advance(in, activity);
            }

            @Override
            public void waitFor(Duration d) {
                waits.add(d);
                clock.advance(d);
            }
        });

        assertThat(result).startsWith("failover orders-gen1 done, RTO");
        assertThat(api.requests("PATCH", path)).singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                .contains("\"promoteMode\":\"standalone\"").contains("\"promoteOption\":\"planned\""));
        assertThat(api.requests("DELETE", link)).hasSize(1);
        assertThat(api.requests("PATCH", FailoverArm.originsPath() + "/app-neu")).hasSize(1);
        assertThat(probed).singleElement().asString().startsWith(NEW + "@");
        assertThat(ledger.find(FailoverWorkflow.runKey("orders-gen1")).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(FailoverHistory.read(ledger, "orders").generation()).isEqualTo(1);
        assertThat(activity.lines()).anySatisfy(l -> assertThat(l).contains("failover-advance plan=orders-gen1"));
    }
}

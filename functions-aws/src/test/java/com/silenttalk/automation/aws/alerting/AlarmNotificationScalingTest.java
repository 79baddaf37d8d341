package com.silenttalk.automation.aws.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.silenttalk.automation.alerting.channels.inbound.AlertEventReader;
import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.aws.ledger.DynamoDbLedgerTable;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.scaling.AlarmScaling;
import com.silenttalk.automation.aws.scaling.DynamoDbActiveOperations;
import com.silenttalk.automation.aws.scaling.EcsCapacityScaler;
import com.silenttalk.automation.aws.scaling.ScalableServices;
import com.silenttalk.automation.aws.testing.Dynalite;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.scaling.AlarmSignals;
import com.silenttalk.automation.core.scaling.ScaleOnAlarm;
import com.silenttalk.automation.core.scaling.ScalingPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The AWS wiring gap closed (issue #16 item 8): CPU alarms on an ECS service ST_SCALING_SERVICES lists reach the
 * core's ScaleOnAlarm through the alarm notifier, with the drills and failovers in progress read from the ledger
 * table on a real DynamoDB API (dynalite) and ECS's JSON 1.1 protocol on WireMock (requests asserted).
 */
@ExtendWith(Dynalite.class)
class AlarmNotificationScalingTest {
    static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    static final String JSON_11 = "application/x-amz-json-1.1";
    static final Instant NOW = Instant.parse("2026-03-01T12:06:00Z");

    AwsClients clients;
    DynamoDbRunLedger ledger;
    WireMockServer ecsApi;
    EcsClient ecs;
    Lines lines;
    final List<String> deadLettered = new java.util.concurrent.CopyOnWriteArrayList<>();
    AlarmNotificationHandler handler;

    @BeforeEach
    void setUp(LocalProcessServer dynalite) {
        clients = TestAws.clients(dynalite.endpoint());
        String table = "ledger-" + UUID.randomUUID();
        DynamoDbLedgerTable.create(clients.dynamoDb(TestAws.PRIMARY), table);
        ledger = new DynamoDbRunLedger(clients.dynamoDb(TestAws.PRIMARY), table, Duration.ofDays(400));
        ecsApi = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        ecsApi.start();
        ecs = EcsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + ecsApi.port())).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()).build())
                .build();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ScaleOnAlarm scaleOnAlarm = new ScaleOnAlarm(new EcsCapacityScaler(ecs),
                new DynamoDbActiveOperations(clients.dynamoDb(TestAws.PRIMARY), table), ledger, ScalingPolicy.DEFAULT, clock);
        AlarmScaling scaling = new AlarmScaling(ScalableServices.parse("silenttalk-prod/api, silenttalk-prod/client"), scaleOnAlarm,
                TestAws.PRIMARY);
        AlertingConfig config = AlertRulesFile.loadDefault();
        lines = new Lines();
        handler = new AlarmNotificationHandler(TestSettings.settings(), config, new AlertGate(config.suppression()), List.of(),
                (delivery, reason, at) -> deadLettered.add(delivery.channel().name()), ledger, now -> List.of(),
                Optional.of(scaling), clock, lines.log(AlarmNotificationHandler.NAME));
    }

    @AfterEach
    void tearDown() {
        ecs.close();
        ecsApi.stop();
        clients.close();
    }

    /** The documented ECS CPU alarm event, on silenttalk-prod/{@code service}, named as the app stack names its scaling alarms. */
    static Map<String, Object> cpuAlarm(String service, String direction) {
        return alarmOn(service, "silenttalk-app-" + service + "-cpu-" + direction + (direction.equals("low") ? "-scale-in" : "-scale-out"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> alarmOn(String service, String alarmName) {
        Map<String, Object> event = AlertFixtures.eventMap("cloudwatch/alarm-state-change-metric.json");
        Map<String, Object> detail = (Map<String, Object>) event.get("detail");
        detail.put("alarmName", alarmName);
        Map<String, Object> configuration = (Map<String, Object>) detail.get("configuration");
        Map<String, Object> metric = (Map<String, Object>) ((Map<String, Object>) ((List<Map<String, Object>>)
                configuration.get("metrics")).get(0).get("metricStat")).get("metric");
        metric.put("dimensions", new HashMap<>(Map.of("ClusterName", "silenttalk-prod", "ServiceName", service)));
        return event;
    }

    void serviceHas(int desired) {
        ecsApi.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "DescribeServices"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON_11).withBody("""
                        {"services": [{"serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/silenttalk-prod/api",
                          "serviceName": "api", "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/silenttalk-prod",
                          "status": "ACTIVE", "desiredCount": %d, "runningCount": %d, "pendingCount": 0,
                          "launchType": "FARGATE"}], "failures": []}""".formatted(desired, desired))));
        ecsApi.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON_11)
                        .withBody("{\"service\": {\"serviceName\": \"api\", \"status\": \"ACTIVE\"}}")));
    }

    int updates() {
        return ecsApi.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))).size();
    }

    void drillRunning() {
        ledger.claim(AuditRecord.started(new RunKey("drill/run-42"), "drill", NOW.minusSeconds(600)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void handleRequest_whenCpuIsLowWhileADrillRuns_keepsTheCountAndRecordsWhy() {
        drillRunning();
        serviceHas(5);

        Map<String, Object> event = cpuAlarm("api", "low");
        Map<String, Object> out = handler.handleRequest(event, null);

        Map<String, Object> scaling = (Map<String, Object>) out.get("scaling");
        assertThat(scaling).containsEntry("target", "silenttalk-prod/api").containsEntry("signal", "CPU_LOW")
                .containsEntry("direction", "HOLD").containsEntry("current", 5).containsEntry("applied", false);
        assertThat((String) scaling.get("reason")).contains("no scale-in while drill/run-42 runs");
        assertThat(updates()).isZero();
        String signal = AlarmSignals.from(((Normalised.Raised) new AlertEventReader().normalise(event)).alert()).id();
        assertThat(ledger.find(new RunKey("scale/silenttalk-prod/api/" + signal))).get()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED))
                .satisfies(r -> assertThat(r.details().get("reason")).contains("drill/run-42"));
        assertThat(out).doesNotContainKeys("decisions", "sent");
    }

    @Test
    @SuppressWarnings("unchecked")
    void handleRequest_whenCpuIsLowAndNothingRuns_removesOneTask() {
        ledger.claim(AuditRecord.started(new RunKey("drill/run-41"), "drill", NOW.minusSeconds(7200))
                .finish(Outcome.SUCCEEDED, NOW.minusSeconds(3600), Map.of()));
        serviceHas(5);

        Map<String, Object> out = handler.handleRequest(cpuAlarm("api", "low"), null);

        assertThat((Map<String, Object>) out.get("scaling")).containsEntry("direction", "IN").containsEntry("desired", 4)
                .containsEntry("applied", true);
        ecsApi.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
                .withHeader("Content-Type", equalTo(JSON_11))
                .withRequestBody(equalToJson("{\"cluster\": \"silenttalk-prod\", \"service\": \"api\", \"desiredCount\": 4}")));
        ecsApi.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "DescribeServices"))
                .withRequestBody(equalToJson("{\"cluster\": \"silenttalk-prod\", \"services\": [\"api\"]}")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void handleRequest_whenCpuIsHighWhileADrillRuns_stillAddsATask() {
        drillRunning();
        serviceHas(5);

        Map<String, Object> out = handler.handleRequest(cpuAlarm("api", "high"), null);

        assertThat((Map<String, Object>) out.get("scaling")).containsEntry("direction", "OUT").containsEntry("desired", 6);
        ecsApi.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
                .withRequestBody(equalToJson("{\"cluster\": \"silenttalk-prod\", \"service\": \"api\", \"desiredCount\": 6}")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void handleRequest_whenTheSameAlarmEventComesTwice_scalesOnce() {
        serviceHas(5);

        handler.handleRequest(cpuAlarm("api", "high"), null);
        Map<String, Object> second = handler.handleRequest(cpuAlarm("api", "high"), null);

        assertThat((Map<String, Object>) second.get("scaling")).containsEntry("duplicate", true).containsEntry("applied", false);
        assertThat(updates()).isEqualTo(1);
    }

    @Test
    void handleRequest_whenTheServiceIsNotListed_routesTheAlarmAndScalesNothing() {
        serviceHas(5);

        Map<String, Object> out = handler.handleRequest(cpuAlarm("web", "low"), null);

        assertThat(out).containsKey("decisions").doesNotContainKey("scaling");
        assertThat(deadLettered).isNotEmpty(); // routed to the rules' channels (none configured here, so kept)
        assertThat(ecsApi.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenAnAlertingAlarmIsOnAListedService_routesItToPeopleAndScalesNothing() {
        serviceHas(5);

        Map<String, Object> out = handler.handleRequest(alarmOn("api", "silenttalk-ops-app-cpu-high"), null);

        assertThat(out).containsKey("decisions").doesNotContainKey("scaling");
        assertThat(deadLettered).isNotEmpty();
        assertThat(ecsApi.getAllServeEvents()).isEmpty();
    }

    @Test
    void plan_whenTheAlarmScalesAListedService_namesTheReadAndTheChangeAndCallsNothing() {
        List<PlannedCall> calls = handler.plan(cpuAlarm("client", "low"));

        assertThat(calls).extracting(PlannedCall::service, PlannedCall::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ecs", "DescribeServices"),
                        org.assertj.core.groups.Tuple.tuple("ecs", "UpdateService"));
        assertThat(calls.get(1).parameters()).containsEntry("cluster", "silenttalk-prod").containsEntry("service", "client");
        assertThat(ecsApi.getAllServeEvents()).isEmpty();
    }

    @Test
    void requiredActions_includeTheScalerAndTheLedgerScan() {
        assertThat(handler.requiredActions()).contains("ecs:DescribeServices", "ecs:UpdateService", "dynamodb:Scan");
    }
}

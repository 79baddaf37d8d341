package com.silenttalk.automation.aws.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutySink;
import com.silenttalk.automation.alerting.channels.outbound.SlackSink;
import com.silenttalk.automation.alerting.channels.outbound.TeamsSink;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The alarm handler in-process with the documented payloads (@Event, from the alert-channels
 * test-jar): channels, SNS, SQS and Secrets Manager on one WireMock on 127.0.0.1.
 */
class AlarmNotificationHandlerTest extends ChannelTestSupport {
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:silenttalk/alert-channels-Xy12Ab";

    AwsClients clients;
    InMemoryRunLedger ledger;
    Lines lines;
    AlarmNotificationHandler handler;
    final MovableClock clock = new MovableClock();

    /** The handler's clock, moved by the tests (the gate times holds and sweeps by it). */
    static final class MovableClock extends Clock {
        java.time.Instant now = NOW;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        start();
        clients = TestAws.clients(base());
        ledger = new InMemoryRunLedger();
        lines = new Lines();
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(
                        "{\"ARN\":\"" + SECRET_ARN + "\",\"Name\":\"silenttalk/alert-channels\",\"VersionId\":\"v1\","
                                + "\"SecretString\":\"{\\\"OPSCTL_SLACK_WEBHOOK_URL\\\":\\\"" + base() + SLACK_PATH
                                + "\\\",\\\"OPSCTL_PAGERDUTY_ROUTING_KEY\\\":\\\"" + ROUTING_KEY + "\\\"}\","
                                + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.772366400E9}")));
        AlertingConfig config = AlertRulesFile.loadDefault();
        ChannelSecrets lookup = new ChannelSecrets(Map.of("OPSCTL_TEAMS_WEBHOOK_URL", base() + TEAMS_PATH),
                Optional.of(clients.secretsManager(TestAws.PRIMARY)), Optional.of(SECRET_ARN));
        WebhookSecrets secrets = new WebhookSecrets(config.endpoints(), lookup);
        List<AlertSink> sinks = List.of(new SlackSink(secrets, transport()), new TeamsSink(secrets, transport()),
                new PagerDutySink(secrets, transport(), URI.create(base() + "/v2/enqueue")),
                new SnsEmailSink(clients.sns(TestAws.PRIMARY), secrets));
        handler = new AlarmNotificationHandler(TestSettings.settings(), config, new AlertGate(config.suppression()), sinks,
                new SqsDeadLetters(clients.sqs(TestAws.PRIMARY), Optional.of(AwsAlertApis.QUEUE_URL)), ledger,
                now -> List.of(), clock, lines.log(AlarmNotificationHandler.NAME));
    }

    @AfterEach
    void tearDown() {
        clients.close();
        stop();
    }

    void channelsAccept() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
    }

    int posts(String path) {
        return wireMock.findAll(postRequestedFor(urlEqualTo(path))).size();
    }

    String everything() {
        return String.join("\n", lines.all()) + ledger.records() + wireMock.findAll(postRequestedFor(urlEqualTo("/")))
                .stream().map(r -> r.getBodyAsString()).toList();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void handleRequest_whenEventBridgeMetricAlarm_sendsToTheRoutedChannels(Map<String, Object> event) {
        channelsAccept();

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("alarm", "silenttalk-api-cpu-high").containsEntry("state", "FIRING")
                .containsEntry("sent", List.of("ops-slack", "ops-teams", "oncall")).containsEntry("deadLettered", List.of());
        assertThat(posts(SLACK_PATH)).isEqualTo(1);
        assertThat(posts(TEAMS_PATH)).isEqualTo(1);
        assertThat(posts("/v2/enqueue")).isEqualTo(1);
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).get(0).getBodyAsString())
                .contains("\"event_action\":\"trigger\"", "\"routing_key\":\"" + ROUTING_KEY + "\"");
        // the Secrets Manager secret was read once, on the first delivery that needed it
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("secretsmanager.GetSecretValue")))).hasSize(1);
        assertThat(lines.all()).hasSize(1);
        assertThat(lines.all().get(0)).contains("\"level\":\"INFO\"", "silenttalk-api-cpu-high");
        assertThat(String.join("\n", lines.all())).doesNotContain("abcdefSECRETtoken123456").doesNotContain(ROUTING_KEY);
    }

    @ParameterizedTest
    @Event(value = "events/sns/lambda-sns-alarm.json", type = Map.class)
    void handleRequest_whenSnsWrappedAlarm_sendsAndTheSecondDeliveryIsADuplicate(Map<String, Object> event) {
        channelsAccept();

        Map<String, Object> first = handler.handleRequest(event, null);
        Map<String, Object> second = handler.handleRequest(event, null);

        assertThat(first).containsEntry("sent", List.of("ops-slack", "ops-teams"));
        assertThat(second).containsEntry("duplicate", true);
        assertThat(posts(SLACK_PATH)).isEqualTo(1);
        assertThat(ledger.records("alert")).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-composite.json", type = Map.class)
    void handleRequest_whenSlackKeepsFailing_deadLettersToSqsAndStillPages(Map<String, Object> event) throws Exception {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        // the record the handler must send; SQS answers with its MD5, which the SDK checks
        var alert = fixture("cloudwatch/alarm-state-change-composite.json");
        var delivery = new com.silenttalk.automation.core.alerting.Delivery(alert,
                new com.silenttalk.automation.core.alerting.Channel("ops-slack",
                        com.silenttalk.automation.core.alerting.ChannelKind.SLACK), "availability", null);
        String expected = AlertJson.deadLetter(delivery, "slack channel ops-slack: HTTP 503 after 4 attempts", NOW).toString();
        AwsAlertApis.sendMessageSucceeds(wireMock, expected);

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("sent", List.of("oncall", "ops-teams")).containsEntry("deadLettered", List.of("ops-slack"));
        assertThat(AwsAlertApis.sendMessages(wireMock)).hasSize(1);
        assertThat(AlertJson.MAPPER.readTree(AwsAlertApis.sendMessages(wireMock).get(0).getBodyAsString())
                .path("MessageBody").asText()).isEqualTo(expected);
        assertThat(lines.all()).anyMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains("ops-slack"));
        assertThat(lines.all()).anyMatch(l -> l.contains("\"AlertsDeadLettered\":1"));
        assertThat(everything()).doesNotContain("abcdefSECRETtoken123456").doesNotContain(ROUTING_KEY)
                .doesNotContain("TEAMSsecretSIG987654321");
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-composite.json", type = Map.class)
    void handleRequest_whenChannelAndQueueBothFail_failsTheInvocation(Map<String, Object> event) {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        AwsAlertApis.sendMessageFails(wireMock);

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(SqsDeadLetters.UndeliveredAlertException.class);
        assertThat(lines.all()).singleElement().asString().contains("\"level\":\"ERROR\"", "silenttalk-api-degraded",
                "UndeliveredAlertException");
    }

    @ParameterizedTest
    @Events(events = {
            @Event("events/invalid/sns-subscription-confirmation.json"),
            @Event("events/invalid/sns-truncated-message.json"),
            @Event("events/invalid/unknown-schema.json"),
            @Event("events/invalid/azure-missing-essentials-field.json"),
            @Event("events/rds/db-snapshot-created.json")}, type = Map.class)
    void handleRequest_whenNotAnAlarm_rejectsWithOneLineAndSendsNothing(Map<String, Object> event) {
        channelsAccept();

        assertThatThrownBy(() -> handler.handleRequest(event, null)).isInstanceOf(InvalidFieldException.class);

        assertThat(lines.all()).hasSize(1);
        assertThat(lines.all().get(0)).contains("\"level\":\"ERROR\"", "\"rejected\"");
        // the payload itself is never echoed: only the field and what is wrong with it
        assertThat(lines.all().get(0)).doesNotContain("AlarmDescription").doesNotContain("SubscribeURL");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        assertThat(ledger.records()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void handleRequest_whenAccountNotAllowed_rejectsNamingTheAccount(Map<String, Object> event) {
        Map<String, Object> foreign = new HashMap<>(event);
        foreign.put("account", "999999999999");

        assertThatThrownBy(() -> handler.handleRequest(foreign, null)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("account:");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-insufficient-data.json", type = Map.class)
    void handleRequest_whenInsufficientData_logsWhyAndSendsNothing(Map<String, Object> event) {
        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsKey("ignored");
        assertThat(lines.all()).hasSize(1);
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void plan_whenMetricAlarm_listsTheDeliveriesAndCallsNothing(Map<String, Object> event) {
        List<PlannedCall> calls = handler.plan(event);

        assertThat(calls).extracting(c -> c.parameters().get("channel")).containsExactly("ops-slack", "ops-teams", "oncall");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        assertThat(ledger.records()).isEmpty();
    }

    @Test
    void handleRequest_whenResolvedSoonAfterFiring_holdsItAndTheScheduleSendsIt() {
        channelsAccept();
        Map<String, Object> firing = AlertFixtures.eventMap("cloudwatch/alarm-state-change-metric.json");
        Map<String, Object> resolved = AlertFixtures.eventMap("cloudwatch/alarm-state-change-metric-ok.json");
        Map<String, Object> schedule = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadEvent(
                "events/eventbridge/scheduled-event.json", Map.class);

        handler.handleRequest(firing, null);
        clock.now = NOW.plusSeconds(60);
        Map<String, Object> held = handler.handleRequest(resolved, null);
        clock.now = NOW.plusSeconds(60).plus(java.time.Duration.ofMinutes(2));
        Map<String, Object> swept = handler.handleRequest(schedule, null);

        assertThat(held).containsEntry("sent", List.of());
        assertThat((List<?>) held.get("decisions")).singleElement().asString().startsWith("hold until");
        assertThat(swept).containsEntry("sweep", 1).containsEntry("sent", List.of("ops-slack", "ops-teams", "oncall"));
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).get(1).getBodyAsString())
                .contains("\"event_action\":\"resolve\"");
    }

    @Test
    void requiredActions_whenWired_areTheAdaptersActions() {
        assertThat(handler.requiredActions()).containsExactly("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan",
                "ecs:DescribeServices", "ecs:UpdateService", "kms:Decrypt", "kms:GenerateDataKey", "s3:GetObject", "s3:ListBucket", "secretsmanager:GetSecretValue", "sns:Publish", "sqs:SendMessage");
    }
}

package com.silenttalk.automation.aws.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutySink;
import com.silenttalk.automation.alerting.channels.outbound.SlackSink;
import com.silenttalk.automation.alerting.channels.outbound.TeamsSink;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.testing.Lines;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploy-time suppression on AWS: markers in a real S3 (S3Mock) under {@code deployments/}, the
 * alarm handler delivering to Slack, Teams and PagerDuty on WireMock (127.0.0.1). The fixture's
 * alarm is {@code silenttalk-api-cpu-high}, tagged {@code service: api}, firing at NOW; the
 * markers match on that tag, as the deploy pipeline writes them.
 */
@ExtendWith(S3Mock.class)
class S3DeploymentMarkersTest extends ChannelTestSupport {
    AwsClients s3Clients;
    AwsClients channelClients;
    S3Client s3;
    String bucket;
    Lines lines;
    AlarmNotificationHandler handler;

    @BeforeEach
    void setUp(LocalProcessServer s3mock) {
        start();
        s3Clients = TestAws.clients(s3mock.endpoint());
        channelClients = TestAws.clients(base());
        s3 = s3Clients.s3(TestAws.PRIMARY);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        lines = new Lines();
        AlertingConfig config = AlertRulesFile.loadDefault();
        WebhookSecrets secrets = new WebhookSecrets(config.endpoints(), new ChannelSecrets(Map.of(
                "OPSCTL_SLACK_WEBHOOK_URL", base() + SLACK_PATH, "OPSCTL_TEAMS_WEBHOOK_URL", base() + TEAMS_PATH,
                "OPSCTL_PAGERDUTY_ROUTING_KEY", ROUTING_KEY), Optional.empty(), Optional.empty()));
        List<AlertSink> sinks = List.of(new SlackSink(secrets, transport()), new TeamsSink(secrets, transport()),
                new PagerDutySink(secrets, transport(), URI.create(base() + "/v2/enqueue")));
        handler = new AlarmNotificationHandler(TestSettings.settings(), config, new AlertGate(config.suppression()), sinks,
                new SqsDeadLetters(channelClients.sqs(TestAws.PRIMARY), Optional.of(AwsAlertApis.QUEUE_URL)),
                new InMemoryRunLedger(), markers(), Clock.fixed(NOW, ZoneOffset.UTC), lines.log(AlarmNotificationHandler.NAME));
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
    }

    @AfterEach
    void tearDown() {
        s3Clients.close();
        channelClients.close();
        stop();
    }

    S3DeploymentMarkers markers() {
        return new S3DeploymentMarkers(() -> s3, bucket, lines.log(AlarmNotificationHandler.NAME));
    }

    void put(String key, String json) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(json));
    }

    static String marker(String id, String service, String startedAt, String endedAt) {
        return "{\"deploymentId\":\"" + id + "\",\"startedAt\":\"" + startedAt + "\""
                + (endedAt == null ? "" : ",\"endedAt\":\"" + endedAt + "\"")
                + ",\"match\":{\"tags\":{\"service\":\"" + service + "\"}}}";
    }

    int channelPosts() {
        return wireMock.findAll(postRequestedFor(urlEqualTo(SLACK_PATH))).size()
                + wireMock.findAll(postRequestedFor(urlEqualTo(TEAMS_PATH))).size()
                + wireMock.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).size();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void handleRequest_whenAMarkerForTheServiceCoversNow_suppressesAndSendsNothing(Map<String, Object> event) {
        put("deployments/api.json", marker("api-2026-03-01-1", "api", NOW.minusSeconds(600).toString(), null));

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("sent", List.of());
        assertThat(out.get("decisions")).asList().containsExactly("suppress: deployment api-2026-03-01-1 in progress");
        assertThat(channelPosts()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void handleRequest_whenTheMarkerEndedHoursAgo_sendsToTheRoutedChannels(Map<String, Object> event) {
        put("deployments/api.json", marker("api-2026-03-01-0", "api",
                NOW.minusSeconds(5 * 3600).toString(), NOW.minusSeconds(4 * 3600).toString()));

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("sent", List.of("ops-slack", "ops-teams", "oncall"));
        assertThat(channelPosts()).isEqualTo(3);
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void handleRequest_whenAMarkerIsMalformed_logsOneLineNamingItAndStillDelivers(Map<String, Object> event) {
        put("deployments/api.json", "{\"deploymentId\": \"api-2026-03-01-2\", \"startedAt\": ");

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("sent", List.of("ops-slack", "ops-teams", "oncall"));
        assertThat(channelPosts()).isEqualTo(3);
        List<String> errors = lines.all().stream().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("s3://" + bucket + "/deployments/api.json", "is not valid JSON");
    }

    @ParameterizedTest
    @Event(value = "events/cloudwatch/alarm-state-change-metric.json", type = Map.class)
    void handleRequest_whenTheMarkersCannotBeListed_deliversUnmutedAndLogsOneErrorNamingTheBucket(Map<String, Object> event) {
        s3.deleteBucket(r -> r.bucket(bucket)); // the listing is answered NoSuchBucket

        Map<String, Object> out = handler.handleRequest(event, null);

        assertThat(out).containsEntry("sent", List.of("ops-slack", "ops-teams", "oncall"));
        assertThat(channelPosts()).isEqualTo(3);
        List<String> errors = lines.all().stream().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
        assertThat(errors).singleElement().asString()
                .contains("cannot list deployment markers in s3://" + bucket + "/deployments/");
    }
}

package com.silenttalk.automation.aws.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring from the environment the template sets: an operator's rules file with an
 * e-mail channel, the topic ARN from the environment, the ledger on DynamoDB's JSON protocol
 * (all on one WireMock on 127.0.0.1).
 */
class AlarmNotificationWiringTest extends ChannelTestSupport {
    @TempDir
    Path dir;
    AwsClients clients;

    @BeforeEach
    void setUp() {
        start();
        clients = TestAws.clients(base());
        // the ledger: conditional PutItem accepted, as DynamoDB answers it
        wireMock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.PutItem"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{}")));
    }

    @AfterEach
    void tearDown() {
        clients.close();
        stop();
    }

    AlarmNotificationHandler handler(Map<String, String> env) {
        return new AlarmNotificationHandler(new AwsWiring(TestSettings.settings(), clients, Clock.fixed(NOW, ZoneOffset.UTC)), env);
    }

    @Test
    void handleRequest_whenTheRulesFileNamesAnEmailChannel_publishesToTheTopicFromTheEnvironment() throws Exception {
        Path rules = dir.resolve("alert-rules.yaml");
        Files.writeString(rules, """
                channels:
                  ops-email: {kind: sns-email, topicArnEnv: ST_ALERT_EMAIL_TOPIC_ARN}
                fallback: [ops-email]
                rules:
                  - {name: backups, match: {name: ["*backup*", "*drill*"]}, channels: [ops-email]}
                """);
        AwsAlertApis.publishSucceeds(wireMock);
        AlarmNotificationHandler handler = handler(Map.of(AlarmNotificationHandler.RULES_FILE_ENV, rules.toString(),
                "ST_ALERT_EMAIL_TOPIC_ARN", AwsAlertApis.EMAIL_TOPIC,
                AlarmNotificationHandler.DEAD_LETTER_QUEUE_ENV, AwsAlertApis.QUEUE_URL));

        Map<String, Object> out = handler.handleRequest(AlertFixtures.eventMap("cloudwatch/alarm-state-change-metric.json"), null);

        assertThat(out).containsEntry("sent", List.of("ops-email"));
        assertThat(AwsAlertApis.publishes(wireMock)).hasSize(1);
        assertThat(AwsAlertApis.publishes(wireMock).get(0).getBodyAsString())
                .contains("TopicArn=" + java.net.URLEncoder.encode(AwsAlertApis.EMAIL_TOPIC, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
                equalTo("DynamoDB_20120810.PutItem")).withRequestBody(containing("attribute_not_exists")))).hasSize(1);
    }

    @Test
    void handleRequest_whenNoDeadLetterQueueIsConfiguredAndAChannelFails_failsTheInvocation() {
        AlarmNotificationHandler handler = handler(Map.of());

        // no channel secrets in the environment: every channel fails, and nothing may keep the alerts
        assertThatThrownBy(() -> handler.handleRequest(AlertFixtures.eventMap("cloudwatch/alarm-state-change-metric.json"), null))
                .isInstanceOf(SqsDeadLetters.UndeliveredAlertException.class)
                .hasMessageContaining(AlarmNotificationHandler.DEAD_LETTER_QUEUE_ENV + " is not set");
    }

    @Test
    void constructor_whenTheRulesFileIsMissing_failsNamingTheSetting() {
        assertThatThrownBy(() -> handler(Map.of(AlarmNotificationHandler.RULES_FILE_ENV, dir.resolve("none.yaml").toString())))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith(AlarmNotificationHandler.RULES_FILE_ENV + ":");
    }
}

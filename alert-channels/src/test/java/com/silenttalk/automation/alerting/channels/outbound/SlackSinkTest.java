package com.silenttalk.automation.alerting.channels.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackSinkTest extends ChannelTestSupport {
    SlackSink sink;

    @BeforeEach
    void setUp() {
        start();
        sink = new SlackSink(secrets(), transport());
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    Delivery firing() {
        return delivery("cloudwatch/alarm-state-change-metric.json", "ops-slack", ChannelKind.SLACK, null);
    }

    @Test
    void deliver_whenFiring_postsBlockKitMessageToTheWebhook() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        Delivery d = firing();
        sink.deliver(d);
        String key = d.alert().dedupeKey().value();
        wireMock.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "text": "FIRING: silenttalk-api-cpu-high (critical)",
                          "blocks": [
                            {"type": "header", "text": {"type": "plain_text", "text": "FIRING: silenttalk-api-cpu-high", "emoji": false}},
                            {"type": "section",
                             "text": {"type": "mrkdwn", "text": "ECS service api: average CPU above 70% for 5 minutes"},
                             "fields": [
                               {"type": "mrkdwn", "text": "*Severity*\\ncritical"},
                               {"type": "mrkdwn", "text": "*Service*\\nAWS/ECS"},
                               {"type": "mrkdwn", "text": "*Resource*\\nClusterName=silenttalk-prod,ServiceName=api"},
                               {"type": "mrkdwn", "text": "*Metric*\\nCPUUtilization"},
                               {"type": "mrkdwn", "text": "*Account / region*\\n123456789012 / eu-west-1"},
                               {"type": "mrkdwn", "text": "*Started*\\n2026-03-01T12:05:00.412Z"}
                             ]},
                            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Rule capacity · key KEY"}]},
                            {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Open in console"},
                             "url": "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/silenttalk-api-cpu-high"}]}
                          ]
                        }""".replace("KEY", key))));
    }

    @Test
    void deliver_whenResolved_namesTheFiringItResolves() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        sink.deliver(delivery("cloudwatch/alarm-state-change-metric-ok.json", "ops-slack", ChannelKind.SLACK, "flapping: 3"));
        String body = wireMock.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(body).contains("\"text\":\"RESOLVED: silenttalk-api-cpu-high\"")
                .contains("Resolves the alert that fired at 2026-03-01T12:05:00.412Z.")
                .contains("flapping: 3");
    }

    @Test
    void deliver_when429WithRetryAfter_waitsThatLongThenSends() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("rate_limited"))
                .willSetStateTo("open"));
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        sink.deliver(firing());
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        wireMock.verify(2, postRequestedFor(urlEqualTo(SLACK_PATH)));
    }

    @Test
    void deliver_when429RetryAfterIsHttpDate_waitsUntilThen() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "Sun, 01 Mar 2026 12:06:30 GMT"))
                .willSetStateTo("open"));
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        sink.deliver(firing());
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void deliver_when429AsksForTooLong_givesUpAtOnce() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        assertThatThrownBy(() -> sink.deliver(firing())).isInstanceOf(DeliveryFailedException.class)
                .hasMessage("slack channel ops-slack: rate limited, Retry-After 3600s is longer than we wait");
        wireMock.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));
    }

    @Test
    void deliver_when5xxTwiceThenOk_retriesWithGrowingBackoff() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        sink.deliver(firing());
        // base 500 ms, doubling, jitter fixed at the middle of [ceiling/2, ceiling].
        assertThat(waits).containsExactly(Duration.ofMillis(375), Duration.ofMillis(750));
        wireMock.verify(3, postRequestedFor(urlEqualTo(SLACK_PATH)));
    }

    @Test
    void deliver_whenAlways503_givesUpAfterFourAttemptsWithoutTheUrl() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(503)
                .withBody("upstream " + SLACK_PATH + " unavailable")));
        assertThatThrownBy(() -> sink.deliver(firing())).isInstanceOf(DeliveryFailedException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("slack channel ops-slack: HTTP 503").endsWith("after 4 attempts");
                    assertThat(e.getMessage()).doesNotContain("abcdefSECRETtoken123456").doesNotContain("B0TALK42");
                    assertThat(((DeliveryFailedException) e).attempts()).isEqualTo(4);
                });
        wireMock.verify(4, postRequestedFor(urlEqualTo(SLACK_PATH)));
        assertThat(waits).hasSize(3);
    }

    @Test
    void deliver_when400_failsWithoutRetrying() {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(400).withBody("invalid_blocks")));
        assertThatThrownBy(() -> sink.deliver(firing())).isInstanceOf(DeliveryFailedException.class)
                .hasMessage("slack channel ops-slack: HTTP 400 (invalid_blocks) (not retried)");
        wireMock.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));
        assertThat(waits).isEmpty();
    }

    @Test
    void deliver_whenServerUnreachable_retriesThenFailsNamingTheFault() {
        int port = wireMock.port();
        stop();
        assertThatThrownBy(() -> sink.deliver(firing())).isInstanceOf(DeliveryFailedException.class)
                .hasMessageStartingWith("slack channel ops-slack: ConnectException after 4 attempts")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(String.valueOf(port)));
    }

    @Test
    void deliver_whenUrlVariableUnset_failsNamingTheVariable() {
        SlackSink unset = new SlackSink(new WebhookSecrets(java.util.Map.of("ops-slack",
                new ChannelEndpoint(new com.silenttalk.automation.core.alerting.Channel("ops-slack", ChannelKind.SLACK), "SLACK_URL")),
                java.util.Map.of()), transport());
        assertThatThrownBy(() -> unset.deliver(firing())).isInstanceOf(DeliveryFailedException.class)
                .hasMessage("slack channel ops-slack: SLACK_URL is not set");
    }
}

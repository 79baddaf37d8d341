package com.silenttalk.automation.alerting.channels.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.silenttalk.automation.core.alerting.Channel;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagerDutySinkTest extends ChannelTestSupport {
    static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}";
    PagerDutySink sink;

    @BeforeEach
    void setUp() {
        start();
        sink = new PagerDutySink(secrets(), transport(), URI.create(base() + "/v2/enqueue"));
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void deliver_whenTriggerThenResolve_sendsEventsV2WithOneDedupKey() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        Delivery trigger = delivery("sns/lambda-sns-alarm.json", "oncall", ChannelKind.PAGERDUTY, null);
        Delivery resolve = delivery("sns/http-notification-alarm-ok.json", "oncall", ChannelKind.PAGERDUTY, null);
        sink.deliver(trigger);
        sink.deliver(resolve);
        String key = trigger.alert().dedupeKey().value();
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {
                  "routing_key": "@RK@",
                  "event_action": "trigger",
                  "dedup_key": "@KEY@",
                  "payload": {
                    "summary": "silenttalk-db-connections-high: RDS silenttalk-main: DatabaseConnections above 80% of max_connections",
                    "source": "DBInstanceIdentifier=silenttalk-main",
                    "severity": "error",
                    "timestamp": "2026-03-01T12:11:04.802Z",
                    "component": "DatabaseConnections",
                    "group": "AWS/RDS",
                    "class": "cloudwatch_sns",
                    "custom_details": {
                      "account": "123456789012",
                      "region": "eu-west-1",
                      "rule": "capacity",
                      "comparison": "GreaterThanThreshold",
                      "previousState": "OK",
                      "reason": "Threshold Crossed: 1 out of the last 1 datapoints [412.0 (01/03/26 12:10:00)] was greater than the threshold (400.0) (minimum 1 datapoint for OK -> ALARM transition).",
                      "threshold": "400"
                    }
                  },
                  "links": [{"href": "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/silenttalk-db-connections-high", "text": "Open in console"}],
                  "client": "SilentTalk ops automation"
                }""".replace("@RK@", ROUTING_KEY).replace("@KEY@", key))));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {"routing_key": "@RK@", "event_action": "resolve", "dedup_key": "@KEY@"}""".replace("@RK@", ROUTING_KEY).replace("@KEY@", key))));
    }

    @Test
    void deliver_whenTheChannelIsInTheEuServiceRegion_sendsToTheEuEventsApi() {
        wireMock.stubFor(post(urlEqualTo("/eu/v2/enqueue")).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        wireMock.stubFor(post(urlEqualTo("/us/v2/enqueue")).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        WebhookSecrets secrets = new WebhookSecrets(Map.of(
                "oncall", new ChannelEndpoint(new Channel("oncall", ChannelKind.PAGERDUTY), "PD_KEY"),
                "oncall-eu", new ChannelEndpoint(new Channel("oncall-eu", ChannelKind.PAGERDUTY), "PD_EU_KEY", PagerDutyRegion.EU)),
                Map.of("PD_KEY", ROUTING_KEY, "PD_EU_KEY", "R0EU1234567890ABCDEF1234567890AB"));
        // each region's Events API stands in on its own local path
        PagerDutySink regional = new PagerDutySink(secrets, transport(),
                region -> URI.create(base() + "/" + region.name().toLowerCase(Locale.ROOT) + "/v2/enqueue"));

        regional.deliver(delivery("sns/lambda-sns-alarm.json", "oncall-eu", ChannelKind.PAGERDUTY, null));
        regional.deliver(delivery("sns/lambda-sns-alarm.json", "oncall", ChannelKind.PAGERDUTY, null));

        wireMock.verify(1, postRequestedFor(urlEqualTo("/eu/v2/enqueue"))
                .withRequestBody(matchingJsonPath("$.routing_key", equalTo("R0EU1234567890ABCDEF1234567890AB"))));
        wireMock.verify(1, postRequestedFor(urlEqualTo("/us/v2/enqueue"))
                .withRequestBody(matchingJsonPath("$.routing_key", equalTo(ROUTING_KEY))));
    }

    @Test
    void deliver_when429WithoutRetryAfter_backsOffAndRetries() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withBody("{\"status\":\"throttle event\"}")).willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        sink.deliver(delivery("sns/lambda-sns-alarm.json", "oncall", ChannelKind.PAGERDUTY, null));
        assertThat(waits).containsExactly(Duration.ofMillis(375));
    }

    @Test
    void deliver_when400EchoesRoutingKey_errorHasNoKey() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"routing_key "
                        + ROUTING_KEY + " is not an integration key\"]}")));
        assertThatThrownBy(() -> sink.deliver(delivery("sns/lambda-sns-alarm.json", "oncall", ChannelKind.PAGERDUTY, null)))
                .isInstanceOf(DeliveryFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("pagerduty channel oncall: HTTP 400")
                        .contains("Event object is invalid").doesNotContain(ROUTING_KEY).endsWith("(not retried)"));
    }
}

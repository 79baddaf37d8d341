package com.silenttalk.automation.alerting.channels.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamsSinkTest extends ChannelTestSupport {
    TeamsSink sink;

    @BeforeEach
    void setUp() {
        start();
        sink = new TeamsSink(secrets(), transport());
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void deliver_whenResolved_postsAdaptiveCardMessage() {
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        Delivery d = delivery("azure-monitor/metric-alert-resolved.json", "ops-teams", ChannelKind.TEAMS, null);
        sink.deliver(d);
        String key = d.alert().dedupeKey().value();
        String resource = "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/silenttalk-prod/providers/microsoft.web/serverfarms/silenttalk-api-plan";
        wireMock.verify(1, postRequestedFor(urlEqualTo(TEAMS_PATH)).withRequestBody(equalToJson("""
                {
                  "type": "message",
                  "attachments": [{
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": null,
                    "content": {
                      "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                      "type": "AdaptiveCard",
                      "version": "1.4",
                      "body": [
                        {"type": "TextBlock", "size": "Large", "weight": "Bolder", "color": "Good", "wrap": true,
                         "text": "RESOLVED: silenttalk-api-cpu-high"},
                        {"type": "TextBlock", "wrap": true, "text": "App Service plan CPU above 70% for 5 minutes"},
                        {"type": "FactSet", "facts": [
                          {"title": "Severity", "value": "error"},
                          {"title": "Service", "value": "microsoft.web/serverfarms"},
                          {"title": "Resource", "value": "RESOURCE"},
                          {"title": "Metric", "value": "CpuPercentage"},
                          {"title": "Account / region", "value": "11111111-2222-3333-4444-555555555555 / unknown"},
                          {"title": "Resolved", "value": "2026-03-01T12:38:16.224631300Z"}
                        ]},
                        {"type": "TextBlock", "wrap": true, "isSubtle": true, "size": "Small",
                         "text": "Resolves the alert that fired at 2026-03-01T12:03:24.371321300Z. Rule capacity · key KEY"}
                      ],
                      "actions": [{"type": "Action.OpenUrl", "title": "Open in console", "url": "URL"}]
                    }
                  }]
                }""".replace("KEY", key).replace("RESOURCE", resource).replace("URL", d.alert().consoleLink().toString()))));
    }

    @Test
    void deliver_when502ThenAccepted_retriesOnce() {
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).inScenario("s").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202)));
        sink.deliver(delivery("azure-monitor/metric-alert-fired.json", "ops-teams", ChannelKind.TEAMS, null));
        assertThat(waits).containsExactly(Duration.ofMillis(375));
    }

    @Test
    void deliver_whenRejected_errorHasNoSignature() {
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"code\":\"DirectApiAuthorizationRequired\",\"message\":\"sig=TEAMSsecretSIG987654321 is invalid\"}}")));
        assertThatThrownBy(() -> sink.deliver(delivery("azure-monitor/metric-alert-fired.json", "ops-teams", ChannelKind.TEAMS, null)))
                .isInstanceOf(DeliveryFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("teams channel ops-teams: HTTP 401")
                        .doesNotContain("TEAMSsecretSIG987654321").doesNotContain("7f3c1d2e9a8b4c5d"));
    }
}

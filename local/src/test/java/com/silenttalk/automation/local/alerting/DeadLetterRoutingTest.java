package com.silenttalk.automation.local.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.inbound.AlertingConfig;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutySink;
import com.silenttalk.automation.alerting.channels.outbound.SlackSink;
import com.silenttalk.automation.alerting.channels.outbound.TeamsSink;
import com.silenttalk.automation.alerting.channels.outbound.WebhookSecrets;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertGate;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.local.LocalJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A delivery that keeps failing is kept, whole and without secrets, and the others still go out. */
class DeadLetterRoutingTest extends ChannelTestSupport {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        start();
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    @Test
    void route_whenSlackKeepsFailing_keepsDeadLetterAndStillPagesOncall() throws Exception {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(503)));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        AlertingConfig config = AlertRulesFile.loadDefault();
        WebhookSecrets secrets = new WebhookSecrets(config.endpoints(), java.util.Map.of("OPSCTL_SLACK_WEBHOOK_URL", base() + SLACK_PATH, "OPSCTL_PAGERDUTY_ROUTING_KEY", ROUTING_KEY));
        FileDeadLetters deadLetters = new FileDeadLetters(dir.resolve("alerts/dead-letters.jsonl"));
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        RouteAlert route = new RouteAlert(new AlertGate(SuppressionPolicy.DEFAULT), config.rules(),
                List.of(new SlackSink(secrets, transport()), new TeamsSink(secrets, transport()), new PagerDutySink(secrets, transport(), URI.create(base() + "/v2/enqueue"))),
                deadLetters, ledger, now -> List.of(), List.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        Alert composite = fixture("cloudwatch/alarm-state-change-composite.json");

        RouteAlert.Result result = route.route(composite, false);

        assertThat(result.deliveries()).extracting(o -> o.delivery().channel().name() + "=" + o.status())
                .containsExactly("oncall=SENT", "ops-slack=DEAD_LETTERED", "ops-teams=DEAD_LETTERED");
        List<String> lines = Files.readAllLines(deadLetters.file());
        assertThat(lines).hasSize(2);
        JsonNode slack = LocalJson.MAPPER.readTree(lines.get(0));
        assertThat(slack.path("channel").asText()).isEqualTo("ops-slack");
        assertThat(slack.path("action").asText()).isEqualTo("TRIGGER");
        assertThat(slack.path("reason").asText()).isEqualTo("slack channel ops-slack: HTTP 503 after 4 attempts");
        assertThat(slack.path("alert").path("name").asText()).isEqualTo("silenttalk-api-degraded");
        assertThat(LocalJson.MAPPER.readTree(lines.get(1)).path("reason").asText())
                .isEqualTo("teams channel ops-teams: OPSCTL_TEAMS_WEBHOOK_URL is not set");
        String everything = String.join("\n", lines) + ledger.records().toString();
        assertThat(everything).doesNotContain("abcdefSECRETtoken123456").doesNotContain(ROUTING_KEY);
        assertThat(ledger.records("alert").get(0).details()).containsEntry("sent", "oncall")
                .containsEntry("deadLettered", "ops-slack,ops-teams");
    }
}

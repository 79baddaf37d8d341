package com.silenttalk.automation.local.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.inbound.AlertFixtures;
import com.silenttalk.automation.alerting.channels.inbound.AlertRulesFile;
import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertCommandTest extends ChannelTestSupport {
    @TempDir
    Path work;

    @BeforeEach
    void setUp() {
        start();
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    Path copy(String fixture) throws IOException {
        Path target = work.resolve(Path.of(fixture).getFileName());
        Files.write(target, AlertFixtures.bytes(fixture));
        return target;
    }

    static List<JsonNode> lines(String stdout) throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : stdout.strip().split("\n")) {
            out.add(LocalJson.MAPPER.readTree(line));
        }
        return out;
    }

    static String everythingUnder(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    @Test
    void route_whenDryRun_printsAlertDecisionAndPlannedDeliveriesAndWritesNothing() throws IOException {
        copy("cloudwatch/alarm-state-change-composite.json");
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "alert", "route", "--event", "alarm-state-change-composite.json", "--dry-run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = lines(run.stdout());
        assertThat(lines.get(0).path("alert").path("name").asText()).isEqualTo("silenttalk-api-degraded");
        assertThat(lines.get(0).path("alert").path("state").asText()).isEqualTo("FIRING");
        assertThat(lines.get(0).path("alert").path("dedupeKey").asText()).startsWith("aws:");
        assertThat(lines.get(1).path("decision").asText()).isEqualTo("deliver");
        assertThat(lines.subList(2, lines.size())).extracting(l -> l.path("delivery").path("channel").asText() + "/"
                        + l.path("delivery").path("action").asText() + "/" + l.path("delivery").path("status").asText())
                .containsExactly("oncall/TRIGGER/PLANNED", "ops-slack/TRIGGER/PLANNED", "ops-teams/TRIGGER/PLANNED");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("alarm-state-change-composite.json");
        }
        assertThat(wireMock.getAllServeEvents()).isEmpty();
    }

    @Test
    void route_whenInsufficientData_printsIgnored() throws IOException {
        copy("cloudwatch/alarm-state-change-insufficient-data.json");
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "alert", "route", "--event", "alarm-state-change-insufficient-data.json", "--dry-run");
        assertThat(run.exitCode()).isZero();
        assertThat(lines(run.stdout()).get(0).path("ignored").asText()).contains("INSUFFICIENT_DATA");
    }

    @Test
    void route_whenPayloadTruncated_exits2WithOneLineAndSendsNothing() throws IOException {
        copy("invalid/truncated-cloudwatch.json");
        OpsctlRun run = OpsctlRun.in(work, Map.of("OPSCTL_SLACK_WEBHOOK_URL", base() + SLACK_PATH),
                "alert", "route", "--event", "truncated-cloudwatch.json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip()).startsWith("opsctl: bad input: event: truncated JSON at line").doesNotContain("\n");
        assertThat(wireMock.getAllServeEvents()).isEmpty();
        assertThat(Files.exists(work.resolve("opsctl-data"))).isFalse();
    }

    @Test
    void route_whenSlackDown_deadLettersItPagesOncallAndLeaksNoSecret() throws IOException {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(503)
                .withBody("no healthy upstream for " + SLACK_PATH)));
        wireMock.stubFor(post(urlEqualTo(TEAMS_PATH)).willReturn(aResponse().withStatus(202)));
        copy("azure-monitor/resource-health-alert.json");
        Path rules = work.resolve("rules.yaml");
        Files.writeString(rules, new String(AlertRulesFile.class.getResourceAsStream(AlertRulesFile.DEFAULT_RESOURCE).readAllBytes())
                .replace("{kind: pagerduty, routingKeyEnv: OPSCTL_PAGERDUTY_ROUTING_KEY}", "{kind: teams, urlEnv: OPSCTL_PAGERDUTY_ROUTING_KEY}"));
        Map<String, String> env = Map.of("OPSCTL_SLACK_WEBHOOK_URL", base() + SLACK_PATH,
                "OPSCTL_TEAMS_WEBHOOK_URL", base() + TEAMS_PATH, "OPSCTL_PAGERDUTY_ROUTING_KEY", base() + TEAMS_PATH);
        // Retries really sleep here (opsctl's production transport): 0.25-0.5 s, 0.5-1 s, 1-2 s.
        OpsctlRun run = OpsctlRun.in(work, env, "alert", "route", "--event", "resource-health-alert.json", "--rules", "rules.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stdout()).contains("\"channel\":\"ops-slack\"").contains("\"status\":\"DEAD_LETTERED\"")
                .contains("\"channel\":\"ops-teams\"").contains("\"status\":\"SENT\"");
        Path deadLetters = work.resolve("opsctl-data/alerts/dead-letters.jsonl");
        assertThat(Files.readAllLines(deadLetters)).singleElement()
                .satisfies(l -> assertThat(l).contains("\"reason\":\"slack channel ops-slack: HTTP 503 (no healthy upstream for /services/***/***/***) after 4 attempts\"")
                        .contains("\"dedupeKey\":\"azure:"));
        String everything = run.stdout() + run.stderr() + everythingUnder(work.resolve("opsctl-data"));
        assertThat(everything).doesNotContain("abcdefSECRETtoken123456").doesNotContain("TEAMSsecretSIG987654321")
                .doesNotContain("T0SILENT").doesNotContain("7f3c1d2e9a8b4c5d");
    }

    @Test
    void route_whenSameEventTwice_secondIsSkippedByTheLedger() throws IOException {
        wireMock.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        copy("azure-monitor/activity-log-alert.json");
        Map<String, String> env = Map.of("OPSCTL_SLACK_WEBHOOK_URL", base() + SLACK_PATH);
        OpsctlRun first = OpsctlRun.in(work, env, "alert", "route", "--event", "activity-log-alert.json");
        OpsctlRun second = OpsctlRun.in(work, env, "alert", "route", "--event", "activity-log-alert.json");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.stdout()).contains("already routed");
        assertThat(wireMock.getAllServeEvents()).hasSize(1);
    }
}

package com.silenttalk.automation.alerting.channels.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.alerting.channels.outbound.ChannelTestSupport;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutyRegion;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.RoutingRules;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRulesFileTest {
    static AlertingConfig parse(String yaml) throws Exception {
        return AlertRulesFile.parse("test", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> routes(String fixture) {
        return AlertRulesFile.loadDefault().rules().route(ChannelTestSupport.fixture(fixture)).stream()
                .map(r -> r.rule() + ":" + r.channel().name()).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cloudwatch/alarm-state-change-metric.json|capacity:ops-slack,capacity:ops-teams,critical:oncall",
            "cloudwatch/alarm-state-change-composite.json|availability:oncall,availability:ops-slack,availability:ops-teams",
            "sns/lambda-sns-alarm.json|capacity:ops-slack,capacity:ops-teams",
            "azure-monitor/metric-alert-fired.json|capacity:ops-slack,capacity:ops-teams",
            "azure-monitor/log-search-alert-fired.json|backup-and-drill:oncall,backup-and-drill:ops-slack,backup-and-drill:ops-teams",
            "azure-monitor/resource-health-alert.json|availability:oncall,availability:ops-slack,availability:ops-teams",
            "azure-monitor/activity-log-alert.json|fallback:ops-slack"})
    void loadDefault_whenSeedAlerts_routesEachAsTheRunbookSays(String fixture, String expected) {
        assertThat(String.join(",", routes(fixture))).isEqualTo(expected);
    }

    @Test
    void loadDefault_whenRead_hasTheDocumentedSuppression() {
        AlertingConfig config = AlertRulesFile.loadDefault();
        assertThat(config.suppression()).isEqualTo(SuppressionPolicy.DEFAULT);
        assertThat(config.endpoints().get("oncall").secretEnv()).isEqualTo("OPSCTL_PAGERDUTY_ROUTING_KEY");
    }

    @Test
    void parse_whenUnknownKey_failsNamingIt() {
        assertThatThrownBy(() -> parse("""
                channels: {a: {kind: slack, urlEnv: A}}
                rules: [{name: r, match: {severty: [critical]}, channels: [a]}]
                """)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("rules.r.match.severty: unknown key");
    }

    @Test
    void parse_whenSecretWrittenInsteadOfVariable_refusesWithoutEchoingIt() {
        assertThatThrownBy(() -> parse("""
                channels: {a: {kind: slack, urlEnv: "https://hooks.slack.com/services/T0/B0/secret"}}
                """)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("channels.a.urlEnv: must name an environment variable (A-Z, 0-9, _), not hold the secret itself");
    }

    @Test
    void parse_whenSuppressionAndMaintenanceGiven_readsThem() throws Exception {
        AlertingConfig c = parse("""
                channels: {a: {kind: teams, urlEnv: TEAMS}}
                fallback: [a]
                suppression: {dedupeWindow: 5m, flapChanges: 4, flapWindow: 15m, resolveSettle: 0s}
                maintenance:
                  - {name: db, start: "2026-03-01T22:00:00Z", end: "2026-03-01T23:00:00Z", match: {service: ["AWS/RDS"]}}
                """);
        assertThat(c.suppression().dedupeWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.suppression().flapChanges()).isEqualTo(4);
        assertThat(c.suppression().resolveSettle()).isZero();
        assertThat(c.maintenance()).singleElement().satisfies(w -> assertThat(w.name()).isEqualTo("db"));
        RoutingRules rules = c.rules();
        assertThat(rules.fallback()).containsExactly("a");
    }

    @Test
    void parse_whenRuleNamesUndefinedChannel_failsNamingRule() {
        assertThatThrownBy(() -> parse("""
                channels: {a: {kind: pagerduty, routingKeyEnv: PD}}
                rules: [{name: pages, channels: [b]}]
                """)).isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("rules.pages.channels: names an undefined channel 'b'");
    }

    @Test
    void parse_whenAPagerDutyChannelIsInTheEuServiceRegion_keepsTheRegion() throws Exception {
        AlertingConfig c = parse("""
                channels:
                  oncall-eu: {kind: pagerduty, routingKeyEnv: PD_EU, region: eu}
                  oncall-us: {kind: pagerduty, routingKeyEnv: PD_US}
                """);

        assertThat(c.endpoints().get("oncall-eu").pagerDutyRegion()).isEqualTo(PagerDutyRegion.EU);
        assertThat(c.endpoints().get("oncall-us").pagerDutyRegion()).isEqualTo(PagerDutyRegion.US);
        assertThat(PagerDutyRegion.EU.eventsUrl()).hasToString("https://events.eu.pagerduty.com/v2/enqueue");
        assertThat(PagerDutyRegion.US.eventsUrl()).hasToString("https://events.pagerduty.com/v2/enqueue");
    }

    @Test
    void parse_whenTheRegionIsUnknownOrOnAnotherKindOfChannel_failsNamingIt() {
        assertThatThrownBy(() -> parse("channels: {oncall: {kind: pagerduty, routingKeyEnv: PD, region: apac}}"))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("channels.oncall.region: must be us or eu");
        assertThatThrownBy(() -> parse("channels: {ops: {kind: slack, urlEnv: SLACK, region: eu}}"))
                .isInstanceOf(InvalidFieldException.class).hasMessage("channels.ops.region: only a pagerduty channel has a region");
    }
}

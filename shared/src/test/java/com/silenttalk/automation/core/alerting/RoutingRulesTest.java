package com.silenttalk.automation.core.alerting;

import static com.silenttalk.automation.core.alerting.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {
    static final Channel SLACK = new Channel("ops-slack", ChannelKind.SLACK);
    static final Channel PAGER = new Channel("oncall", ChannelKind.PAGERDUTY);
    static final Channel TEAMS = new Channel("db-teams", ChannelKind.TEAMS);

    static AlertMatch severities(Severity... s) {
        return new AlertMatch(Set.of(s), List.of(), List.of(), List.of(), List.of(), Map.of(), Set.of());
    }

    static AlertMatch services(String glob) {
        return new AlertMatch(Set.of(), List.of(new Glob("services", glob)), List.of(), List.of(), List.of(), Map.of(), Set.of());
    }

    @Test
    void route_whenSeveralRulesMatch_unionsChannelsOnceInRuleOrder() {
        RoutingRules rules = new RoutingRules(List.of(SLACK, PAGER, TEAMS), List.of(
                new RoutingRule("critical", severities(Severity.CRITICAL), List.of("oncall", "ops-slack"), false),
                new RoutingRule("everything", AlertMatch.ANY, List.of("ops-slack"), false)), List.of());
        Alert critical = TestAlerts.alert("cpu", AlertState.FIRING, T0, Severity.CRITICAL, "AWS/ECS", "svc");
        assertThat(rules.route(critical)).extracting(r -> r.channel().name()).containsExactly("oncall", "ops-slack");
        assertThat(rules.route(critical).get(1).rule()).isEqualTo("critical");
    }

    @Test
    void route_whenMatchingRuleStops_skipsLaterRules() {
        RoutingRules rules = new RoutingRules(List.of(SLACK, PAGER, TEAMS), List.of(
                new RoutingRule("db", services("AWS/RDS"), List.of("db-teams"), true),
                new RoutingRule("everything", AlertMatch.ANY, List.of("ops-slack"), false)), List.of());
        Alert db = TestAlerts.alert("conns", AlertState.FIRING, T0, Severity.WARNING, "aws/rds", "DBInstanceIdentifier=main");
        assertThat(rules.route(db)).extracting(r -> r.channel().name()).containsExactly("db-teams");
    }

    @Test
    void route_whenNoRuleMatches_usesFallback() {
        RoutingRules rules = new RoutingRules(List.of(SLACK, PAGER), List.of(
                new RoutingRule("critical", severities(Severity.CRITICAL), List.of("oncall"), false)), List.of("ops-slack"));
        Alert info = TestAlerts.alert("x", AlertState.FIRING, T0, Severity.INFO, "AWS/ECS", "svc");
        assertThat(rules.route(info)).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo(SLACK);
            assertThat(r.rule()).isEqualTo("fallback");
        });
    }

    @Test
    void route_whenTagAndResourceGlobGiven_needsBoth() {
        AlertMatch match = new AlertMatch(Set.of(), List.of(), List.of(new Glob("resources", "*ServiceName=api*")),
                List.of(), List.of(), Map.of("team", "chat"), Set.of());
        Alert untagged = TestAlerts.alert("cpu", AlertState.FIRING, T0);
        assertThat(match.matches(untagged)).isFalse();
        Alert tagged = new Alert(untagged.source(), untagged.account(), untagged.region(), untagged.service(),
                untagged.resource(), untagged.name(), untagged.metric(), untagged.state(), untagged.severity(), null,
                untagged.startedAt(), untagged.changedAt(), untagged.dedupeKey(), untagged.consoleLink(),
                Map.of("team", "chat"), Map.of());
        assertThat(match.matches(tagged)).isTrue();
    }

    @Test
    void constructor_whenRuleNamesUndefinedChannel_failsNamingIt() {
        assertThatThrownBy(() -> new RoutingRules(List.of(SLACK), List.of(
                new RoutingRule("r", AlertMatch.ANY, List.of("nope"), false)), List.of()))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("rules.r.channels").hasMessageContaining("'nope'");
    }

    @Test
    void glob_whenStarAndCase_matchesLikeShellCaseInsensitive() {
        Glob g = new Glob("p", "AWS/*");
        assertThat(g.matches("aws/ecs")).isTrue();
        assertThat(g.matches("Microsoft.Compute/virtualMachines")).isFalse();
        assertThat(new Glob("p", "a.b").matches("axb")).isFalse();
    }
}

package com.silenttalk.automation.core.alerting;

import static com.silenttalk.automation.core.alerting.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteAlertTest {
    static final Channel SLACK = new Channel("ops-slack", ChannelKind.SLACK);
    static final Channel PAGER = new Channel("oncall", ChannelKind.PAGERDUTY);
    static final Channel MAIL = new Channel("mail", ChannelKind.SNS_EMAIL);

    /** Records what it is given; fails when told to. */
    static final class RecordingSink implements AlertSink {
        final ChannelKind kind;
        final List<Delivery> delivered = new ArrayList<>();
        RuntimeException failWith;

        RecordingSink(ChannelKind kind) {
            this.kind = kind;
        }

        @Override
        public ChannelKind kind() {
            return kind;
        }

        @Override
        public void deliver(Delivery delivery) {
            if (failWith != null) {
                throw failWith;
            }
            delivered.add(delivery);
        }

        @Override
        public List<String> requiredActions() {
            return List.of();
        }
    }

    record Dead(Delivery delivery, String reason) {
    }

    final RecordingSink slack = new RecordingSink(ChannelKind.SLACK);
    final RecordingSink pager = new RecordingSink(ChannelKind.PAGERDUTY);
    final List<Dead> dead = new ArrayList<>();
    final InMemoryRunLedger ledger = new InMemoryRunLedger();

    RouteAlert useCase(List<Channel> channels, List<String> fallback) {
        return useCase(channels, fallback, now -> List.of());
    }

    RouteAlert useCase(List<Channel> channels, List<String> fallback, DeploymentMarkers markers) {
        RoutingRules rules = new RoutingRules(channels, List.of(), fallback);
        return new RouteAlert(new AlertGate(SuppressionPolicy.DEFAULT), rules, List.of(slack, pager),
                (d, reason, at) -> dead.add(new Dead(d, reason)), ledger, markers, List.of(),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void route_whenTheDeploymentMarkersCannotBeListed_deliversUnmutedAndAuditsWhy() {
        DeploymentMarkers unreachable = now -> {
            throw new DeploymentMarkersUnavailableException("s3://st-reports/deployments/", "AccessDenied", null);
        };

        RouteAlert.Result result = useCase(List.of(SLACK), List.of("ops-slack"), unreachable)
                .route(TestAlerts.firing("cpu", T0), false);

        assertThat(result.deliveries()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(RouteAlert.Status.SENT));
        assertThat(slack.delivered).hasSize(1);
        assertThat(ledger.records("alert")).singleElement().satisfies(r -> assertThat(r.details())
                .containsEntry("deploymentMarkers", "not consulted, nothing muted for a deployment: cannot list deployment"
                        + " markers in s3://st-reports/deployments/: AccessDenied"));
    }

    @Test
    void route_whenFiring_deliversToEveryRoutedChannelAndAudits() {
        RouteAlert.Result result = useCase(List.of(SLACK, PAGER), List.of("ops-slack", "oncall"))
                .route(TestAlerts.firing("cpu", T0), false);
        assertThat(result.deliveries()).extracting(RouteAlert.DeliveryOutcome::status)
                .containsExactly(RouteAlert.Status.SENT, RouteAlert.Status.SENT);
        assertThat(slack.delivered).hasSize(1);
        assertThat(pager.delivered).singleElement().satisfies(d -> assertThat(d.action()).isEqualTo(Delivery.Action.TRIGGER));
        assertThat(ledger.records("alert")).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.details()).containsEntry("sent", "ops-slack,oncall").containsEntry("decision", "deliver");
        });
    }

    @Test
    void route_whenSameEventDeliveredTwice_secondDoesNothing() {
        RouteAlert route = useCase(List.of(SLACK), List.of("ops-slack"));
        route.route(TestAlerts.firing("cpu", T0), false);
        RouteAlert.Result again = route.route(TestAlerts.firing("cpu", T0), false);
        assertThat(again.duplicateEvent()).isTrue();
        assertThat(slack.delivered).hasSize(1);
    }

    @Test
    void route_whenDryRun_callsNoSinkAndWritesNothing() {
        RouteAlert.Result result = useCase(List.of(SLACK), List.of("ops-slack")).route(TestAlerts.firing("cpu", T0), true);
        assertThat(result.deliveries()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(RouteAlert.Status.PLANNED));
        assertThat(slack.delivered).isEmpty();
        assertThat(ledger.writes()).isEmpty();
        assertThat(dead).isEmpty();
    }

    @Test
    void route_whenSinkGivesUp_keepsDeadLetterAndAuditsFailure() {
        slack.failWith = new DeliveryFailedException("slack ops-slack: HTTP 503 after 4 attempts", 4);
        RouteAlert.Result result = useCase(List.of(SLACK), List.of("ops-slack")).route(TestAlerts.firing("cpu", T0), false);
        assertThat(result.deliveries()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(RouteAlert.Status.DEAD_LETTERED));
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.reason()).contains("HTTP 503"));
        assertThat(ledger.records("alert").get(0).outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void route_whenNoSinkForChannelKind_keepsDeadLetter() {
        useCase(List.of(MAIL), List.of("mail")).route(TestAlerts.firing("cpu", T0), false);
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("no SNS_EMAIL sink in this runner"));
    }

    @Test
    void route_whenSinkHasABug_propagatesInsteadOfHidingIt() {
        slack.failWith = new IllegalStateException("bug");
        RouteAlert route = useCase(List.of(SLACK), List.of("ops-slack"));
        assertThatThrownBy(() -> route.route(TestAlerts.firing("cpu", T0), false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void route_whenResolvedAfterTrigger_pagerDutyGetsResolveWithSameKey() {
        AlertGate gate = new AlertGate(SuppressionPolicy.DEFAULT);
        RoutingRules rules = new RoutingRules(List.of(PAGER), List.of(), List.of("oncall"));
        Instant later = T0.plusSeconds(3600);
        for (Alert alert : List.of(TestAlerts.firing("cpu", T0), TestAlerts.resolved("cpu", later))) {
            new RouteAlert(gate, rules, List.of(pager), (d, reason, at) -> dead.add(new Dead(d, reason)), ledger,
                    now -> List.of(), List.of(), Clock.fixed(alert.changedAt(), ZoneOffset.UTC)).route(alert, false);
        }
        assertThat(pager.delivered).extracting(Delivery::action).containsExactly(Delivery.Action.TRIGGER, Delivery.Action.RESOLVE);
        assertThat(pager.delivered.get(0).alert().dedupeKey()).isEqualTo(pager.delivered.get(1).alert().dedupeKey());
        assertThat(pager.delivered.get(1).note()).isNull();
    }
}

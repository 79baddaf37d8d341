package com.silenttalk.automation.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeadLetters} promises, stated once and run against each adapter (the in-memory dead letters of the
 * core tests, opsctl's file, SQS on WireMock, blobs on azurite). An adapter's own test extends this and reads back
 * what its store holds, as a replay would.
 *
 * <p>The contract: once {@link DeadLetters#keep} returns, the store holds one replayable record of the delivery (the
 * channel, the action, the alert, the reason and the time, the reason verbatim whatever it quotes); every failed
 * delivery is kept, so two channels that failed leave two records.
 */
public abstract class DeadLettersContract {
    protected static final Instant AT = Instant.parse("2026-03-01T12:00:07Z");

    /** One kept delivery as read back from the store. */
    public record Kept(String channel, ChannelKind kind, Delivery.Action action, String rule, DedupeKey dedupeKey, String reason,
                       Instant at) {
    }

    /** The dead letters under test, over an empty store. */
    protected abstract DeadLetters deadLetters();

    /** Everything the store holds, read back as a replay would, in the order kept where the store has an order. */
    protected abstract List<Kept> kept();

    protected static Delivery delivery(String channel, ChannelKind kind, AlertState state) {
        Alert alert = new Alert(AlertSource.CLOUDWATCH_EVENT, "123456789012", "eu-west-1", "AWS/ECS",
                "ClusterName=prod,ServiceName=api", "silenttalk-api-degraded", "CPUUtilization", state, Severity.ERROR, null,
                AT.minusSeconds(7), AT.minusSeconds(7), DedupeKey.of("aws", "123456789012", "eu-west-1", "silenttalk-api-degraded"),
                URI.create("https://eu-west-1.console.aws.amazon.com/cloudwatch/home"), Map.of(), Map.of());
        return new Delivery(alert, new Channel(channel, kind), "page-on-errors", null);
    }

    @Test
    void keep_whenADeliveryFailed_holdsOneReplayableRecordWithTheReasonAndTime() {
        Delivery d = delivery("ops-slack", ChannelKind.SLACK, AlertState.FIRING);

        deadLetters().keep(d, "slack channel ops-slack: HTTP 503 after 4 attempts", AT);

        assertThat(kept()).containsExactly(new Kept("ops-slack", ChannelKind.SLACK, Delivery.Action.TRIGGER, "page-on-errors",
                d.alert().dedupeKey(), "slack channel ops-slack: HTTP 503 after 4 attempts", AT));
    }

    @Test
    void keep_whenTwoChannelsFailed_holdsBoth() {
        deadLetters().keep(delivery("ops-slack", ChannelKind.SLACK, AlertState.FIRING), "HTTP 503", AT);
        deadLetters().keep(delivery("oncall", ChannelKind.PAGERDUTY, AlertState.FIRING), "HTTP 429", AT.plusSeconds(1));

        assertThat(kept()).extracting(Kept::channel, Kept::reason)
                .containsExactlyInAnyOrder(tuple("ops-slack", "HTTP 503"),
                        tuple("oncall", "HTTP 429"));
    }

    @Test
    void keep_whenTheAlertResolves_recordsTheResolveAction() {
        deadLetters().keep(delivery("ops-teams", ChannelKind.TEAMS, AlertState.RESOLVED), "timeout", AT);

        assertThat(kept()).singleElement().extracting(Kept::action).isEqualTo(Delivery.Action.RESOLVE);
    }

    @Test
    void keep_whenTheReasonQuotesAReply_holdsItVerbatim() {
        String reason = "teams channel ops-teams: HTTP 400 \"Bad payload\"\nline two \u00e9\u202e";

        deadLetters().keep(delivery("ops-teams", ChannelKind.TEAMS, AlertState.FIRING), reason, AT);

        assertThat(kept()).singleElement().extracting(Kept::reason).isEqualTo(reason);
    }
}

package com.silenttalk.automation.alerting.channels.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}). A firing is a {@code trigger} and a
 * resolution a {@code resolve} with the same {@code dedup_key} (the alert's dedupe key), so
 * PagerDuty pairs them into one incident. The routing key comes from the environment and is
 * scrubbed from every error. Events go to the Events API of the channel's service region (US or EU).
 */
public final class PagerDutySink implements AlertSink {
    static final String CLIENT = "SilentTalk ops automation";

    private final WebhookSecrets secrets;
    private final WebhookTransport transport;
    private final Function<PagerDutyRegion, URI> eventsUrls;

    /** Each channel's events go to its account's region (the rules file's {@code region}, US by default). */
    public PagerDutySink(WebhookSecrets secrets, WebhookTransport transport) {
        this(secrets, transport, PagerDutyRegion::eventsUrl);
    }

    /** @param endpoint one Events API URL for every region (tests point it at 127.0.0.1) */
    public PagerDutySink(WebhookSecrets secrets, WebhookTransport transport, URI endpoint) {
        this(secrets, transport, region -> endpoint);
    }

    /** @param eventsUrls the Events API URL of each region (tests map both to 127.0.0.1) */
    public PagerDutySink(WebhookSecrets secrets, WebhookTransport transport, Function<PagerDutyRegion, URI> eventsUrls) {
        this.secrets = secrets;
        this.transport = transport;
        this.eventsUrls = Objects.requireNonNull(eventsUrls, "eventsUrls");
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.PAGERDUTY;
    }

    @Override
    public void deliver(Delivery delivery) {
        String routingKey = secrets.secret(delivery.channel());
        URI endpoint = eventsUrls.apply(secrets.pagerDutyRegion(delivery.channel()));
        transport.post(WebhookSecrets.label(delivery.channel()), endpoint, event(delivery, routingKey).toString(),
                List.of(routingKey));
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    static ObjectNode event(Delivery d, String routingKey) {
        Alert a = d.alert();
        ObjectNode root = AlertJson.MAPPER.createObjectNode().put("routing_key", routingKey);
        if (!a.isFiring()) {
            return root.put("event_action", "resolve").put("dedup_key", a.dedupeKey().value());
        }
        root.put("event_action", "trigger").put("dedup_key", a.dedupeKey().value());
        ObjectNode payload = root.putObject("payload")
                .put("summary", AlertText.cut(a.name() + ": " + a.summary(), 1024))
                .put("source", a.resource())
                .put("severity", a.severity().wireName())
                .put("timestamp", a.startedAt().toString())
                .put("component", a.metric())
                .put("group", a.service())
                .put("class", a.source().name().toLowerCase(java.util.Locale.ROOT));
        ObjectNode custom = payload.putObject("custom_details")
                .put("account", a.account())
                .put("region", a.region())
                .put("rule", d.rule());
        if (d.note() != null) {
            custom.put("note", d.note());
        }
        for (Map.Entry<String, String> e : a.details().entrySet()) {
            custom.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : a.tags().entrySet()) {
            custom.put("tag:" + e.getKey(), e.getValue());
        }
        root.putArray("links").addObject().put("href", a.consoleLink().toString()).put("text", "Open in console");
        root.put("client", CLIENT);
        return root;
    }
}

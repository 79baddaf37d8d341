package com.silenttalk.automation.alerting.channels.outbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSink;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Delivery;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Teams incoming webhook (a Workflows "post to a channel when a webhook request is
 * received" flow, or a legacy connector): a message with one Adaptive Card attachment. Teams
 * webhooks cannot thread, so a resolution is its own card naming the firing it resolves.
 */
public final class TeamsSink implements AlertSink {
    private final WebhookSecrets secrets;
    private final WebhookTransport transport;

    public TeamsSink(WebhookSecrets secrets, WebhookTransport transport) {
        this.secrets = secrets;
        this.transport = transport;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.TEAMS;
    }

    @Override
    public void deliver(Delivery delivery) {
        URI url = secrets.url(delivery.channel());
        transport.post(WebhookSecrets.label(delivery.channel()), url, message(delivery).toString(),
                List.of(url.toString()));
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    static ObjectNode message(Delivery d) {
        Alert a = d.alert();
        ObjectNode root = AlertJson.MAPPER.createObjectNode().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Large").put("weight", "Bolder")
                .put("color", a.isFiring() ? "Attention" : "Good").put("wrap", true).put("text", AlertText.title(d));
        body.addObject().put("type", "TextBlock").put("wrap", true).put("text", a.summary());
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        for (Map.Entry<String, String> f : AlertText.facts(d).entrySet()) {
            facts.addObject().put("title", f.getKey()).put("value", f.getValue());
        }
        body.addObject().put("type", "TextBlock").put("wrap", true).put("isSubtle", true).put("size", "Small")
                .put("text", AlertText.context(d));
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open in console")
                .put("url", a.consoleLink().toString());
        return root;
    }
}

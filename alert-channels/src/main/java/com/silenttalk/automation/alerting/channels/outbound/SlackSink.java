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
 * Slack incoming webhook with a Block Kit message: header, summary with fields, context, and a
 * button to the console. Incoming webhooks cannot thread, so a resolution is its own message
 * that names the firing it resolves. Limits from Block Kit: header 150 characters, section
 * text 3000, field 2000, at most 10 fields.
 */
public final class SlackSink implements AlertSink {
    private final WebhookSecrets secrets;
    private final WebhookTransport transport;

    public SlackSink(WebhookSecrets secrets, WebhookTransport transport) {
        this.secrets = secrets;
        this.transport = transport;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK;
    }

    @Override
    public void deliver(Delivery delivery) {
        URI url = secrets.url(delivery.channel());
        transport.post(WebhookSecrets.label(delivery.channel()), url, message(delivery).toString(), List.of(url.toString()));
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    /** The Block Kit payload. */
    static ObjectNode message(Delivery d) {
        Alert a = d.alert();
        ObjectNode root = AlertJson.MAPPER.createObjectNode();
        root.put("text", AlertText.cut(AlertText.title(d) + " (" + a.severity().wireName() + ")", 3000));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", AlertText.cut(AlertText.title(d), 150)).put("emoji", false);
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", AlertText.cut(escape(a.summary()), 3000));
        ArrayNode fields = section.putArray("fields");
        for (Map.Entry<String, String> f : AlertText.facts(d).entrySet()) {
            fields.addObject().put("type", "mrkdwn").put("text", AlertText.cut("*" + f.getKey() + "*\n" + escape(f.getValue()), 2000));
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", AlertText.cut(escape(AlertText.context(d)), 3000));
        ObjectNode actions = blocks.addObject().put("type", "actions");
        ObjectNode button = actions.putArray("elements").addObject().put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", "Open in console");
        button.put("url", a.consoleLink().toString());
        return root;
    }

    /** Slack mrkdwn control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

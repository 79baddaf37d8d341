package com.silenttalk.automation.alerting.channels.outbound;

import com.silenttalk.automation.core.alerting.Channel;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.DeliveryFailedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Looks up each channel's secret by the name the rules give it, when a delivery needs it: in the
 * environment locally, in a Secrets Manager or Key Vault secret in the cloud. A missing or
 * malformed secret fails that delivery (it becomes a dead letter) with the secret's name, never
 * its value.
 */
public final class WebhookSecrets {
    private final Map<String, ChannelEndpoint> endpoints;
    private final Function<String, String> lookup;

    public WebhookSecrets(Map<String, ChannelEndpoint> endpoints, Map<String, String> env) {
        this(endpoints, Map.copyOf(env)::get);
    }

    /** @param lookup a secret's value by name, or null; called on each delivery, so it may fetch lazily and cache */
    public WebhookSecrets(Map<String, ChannelEndpoint> endpoints, Function<String, String> lookup) {
        this.endpoints = Map.copyOf(endpoints);
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** The raw secret of a channel (a routing key, or the URL text). */
    public String secret(Channel channel) {
        ChannelEndpoint endpoint = endpoints.get(channel.name());
        if (endpoint == null) {
            throw new DeliveryFailedException(label(channel) + ": no endpoint configured", 0);
        }
        String value = lookup.apply(endpoint.secretEnv());
        if (value == null || value.isBlank()) {
            throw new DeliveryFailedException(label(channel) + ": " + endpoint.secretEnv() + " is not set", 0);
        }
        return value.strip();
    }

    /** The PagerDuty service region of a channel's account (US when the rules name none). */
    public PagerDutyRegion pagerDutyRegion(Channel channel) {
        ChannelEndpoint endpoint = endpoints.get(channel.name());
        return endpoint == null ? PagerDutyRegion.US : endpoint.pagerDutyRegion();
    }

    /** A webhook URL: https, or http on the loopback interface (tests, local relays). */
    public URI url(Channel channel) {
        String text = secret(channel);
        String env = endpoints.get(channel.name()).secretEnv();
        try {
            URI uri = new URI(text);
            boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
                throw new DeliveryFailedException(label(channel) + ": " + env + " is not an https URL", 0);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DeliveryFailedException(label(channel) + ": " + env + " is not a URL", 0);
        }
    }

    public static String label(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        return kindName(channel.kind()) + " channel " + channel.name();
    }

    private static String kindName(ChannelKind kind) {
        return switch (kind) {
            case SLACK -> "slack";
            case TEAMS -> "teams";
            case PAGERDUTY -> "pagerduty";
            case SNS_EMAIL -> "sns-email";
        };
    }
}

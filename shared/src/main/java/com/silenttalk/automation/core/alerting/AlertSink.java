package com.silenttalk.automation.core.alerting;

import java.util.List;

/**
 * Sends deliveries to one kind of channel (Slack, Teams, PagerDuty, SNS e-mail). Adapters retry
 * retryable failures themselves (429 with Retry-After, 5xx, timeouts) and throw
 * {@link DeliveryFailedException} only when the delivery is given up; the caller then keeps it
 * as a dead letter. Secrets (webhook URLs, routing keys) never appear in what they throw or log.
 */
public interface AlertSink {
    ChannelKind kind();

    void deliver(Delivery delivery);

    /** Cloud permissions the adapter needs (for template tests); empty for plain webhooks. */
    List<String> requiredActions();
}

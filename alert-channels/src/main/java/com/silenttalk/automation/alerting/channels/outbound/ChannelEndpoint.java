package com.silenttalk.automation.alerting.channels.outbound;

import com.silenttalk.automation.core.alerting.Channel;
import java.util.Objects;

/**
 * A channel and the environment variable that holds its secret (a webhook URL with its token,
 * or a PagerDuty routing key). The rules file names the variable, never the secret.
 *
 * @param pagerDutyRegion where a PagerDuty channel's account lives (US unless the rules say {@code region: eu})
 */
public record ChannelEndpoint(Channel channel, String secretEnv, PagerDutyRegion pagerDutyRegion) {
    public ChannelEndpoint {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(secretEnv, "secretEnv");
        Objects.requireNonNull(pagerDutyRegion, "pagerDutyRegion");
    }

    public ChannelEndpoint(Channel channel, String secretEnv) {
        this(channel, secretEnv, PagerDutyRegion.US);
    }
}

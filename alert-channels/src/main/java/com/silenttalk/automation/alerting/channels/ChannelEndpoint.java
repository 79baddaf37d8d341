package com.silenttalk.automation.alerting.channels;

import com.silenttalk.automation.core.alerting.Channel;
import java.util.Objects;

/**
 * A channel and the environment variable that holds its secret (a webhook URL with its token,
 * or a PagerDuty routing key). The rules file names the variable, never the secret.
 */
public record ChannelEndpoint(Channel channel, String secretEnv) {
    public ChannelEndpoint {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(secretEnv, "secretEnv");
    }
}

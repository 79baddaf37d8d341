package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named destination. It holds no secret: the webhook URL or routing key is looked up by the
 * runner (environment, Secrets Manager, Key Vault) when the sink is built.
 */
public record Channel(String name, ChannelKind kind) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public Channel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidFieldException("channel", "name " + UntrustedText.quoted(name) + " must be 1-63 characters of a-z, 0-9, '_', '-'");
        }
        Objects.requireNonNull(kind, "kind");
    }
}

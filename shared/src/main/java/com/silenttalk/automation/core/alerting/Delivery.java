package com.silenttalk.automation.core.alerting;

import java.util.Objects;

/**
 * One message for one channel: the alert, whether it triggers or resolves, the rule that chose
 * the channel, and an optional note ("flapping: ...").
 */
public record Delivery(Alert alert, Channel channel, String rule, String note) {
    public Delivery {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(rule, "rule");
    }

    public Action action() {
        return alert.isFiring() ? Action.TRIGGER : Action.RESOLVE;
    }

    public enum Action { TRIGGER, RESOLVE }
}

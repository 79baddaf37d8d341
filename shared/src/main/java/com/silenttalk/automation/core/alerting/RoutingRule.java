package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.List;
import java.util.Objects;

/**
 * Alerts that match go to the named channels. With {@code stop}, later rules are not consulted
 * for an alert this rule matched.
 */
public record RoutingRule(String name, AlertMatch match, List<String> channels, boolean stop) {
    public RoutingRule {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("rules[].name", "is missing");
        }
        Objects.requireNonNull(match, "match");
        channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
        if (channels.isEmpty()) {
            throw new InvalidFieldException("rules." + name + ".channels", "names no channel");
        }
    }
}

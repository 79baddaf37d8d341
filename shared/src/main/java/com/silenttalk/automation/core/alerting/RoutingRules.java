package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Channels and the ordered rules that send alerts to them. Every rule that matches adds its
 * channels (each channel once) until a matching rule says {@code stop}; when no rule matches,
 * the fallback channels get the alert, so an alert is never routed nowhere by accident.
 */
public final class RoutingRules {
    /** One channel an alert goes to, and the rule that sent it there. */
    public record Route(String rule, Channel channel) {
    }

    private final Map<String, Channel> channels;
    private final List<RoutingRule> rules;
    private final List<String> fallback;

    public RoutingRules(List<Channel> channels, List<RoutingRule> rules, List<String> fallback) {
        Map<String, Channel> byName = new LinkedHashMap<>();
        for (Channel c : channels) {
            if (byName.put(c.name(), c) != null) {
                throw new InvalidFieldException("channels." + c.name(), "is defined twice");
            }
        }
        this.channels = Map.copyOf(byName);
        this.rules = List.copyOf(rules);
        this.fallback = List.copyOf(Objects.requireNonNull(fallback, "fallback"));
        for (RoutingRule rule : this.rules) {
            for (String name : rule.channels()) {
                requireChannel("rules." + rule.name() + ".channels", name);
            }
        }
        for (String name : this.fallback) {
            requireChannel("fallback", name);
        }
    }

    private void requireChannel(String field, String name) {
        if (!channels.containsKey(name)) {
            throw new InvalidFieldException(field, "names an undefined channel " + UntrustedText.quoted(name) + " (defined: "
                    + String.join(", ", new java.util.TreeSet<>(channels.keySet())) + ")");
        }
    }

    public List<Route> route(Alert alert) {
        Map<String, Route> out = new LinkedHashMap<>();
        for (RoutingRule rule : rules) {
            if (!rule.match().matches(alert)) {
                continue;
            }
            for (String name : rule.channels()) {
                out.putIfAbsent(name, new Route(rule.name(), channels.get(name)));
            }
            if (rule.stop()) {
                break;
            }
        }
        if (out.isEmpty()) {
            for (String name : fallback) {
                out.putIfAbsent(name, new Route("fallback", channels.get(name)));
            }
        }
        return new ArrayList<>(out.values());
    }

    public Map<String, Channel> channels() {
        return channels;
    }

    public List<RoutingRule> rules() {
        return rules;
    }

    public List<String> fallback() {
        return fallback;
    }
}

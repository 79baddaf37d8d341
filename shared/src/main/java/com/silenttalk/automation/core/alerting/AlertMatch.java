package com.silenttalk.automation.core.alerting;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts a routing rule, maintenance window or deployment marker applies to. Every
 * criterion that is given must hold; an empty criterion matches anything. Within one criterion
 * any listed value may match. Services, resources, names and metrics are {@link Glob}s.
 */
public record AlertMatch(
        Set<Severity> severities,
        List<Glob> services,
        List<Glob> resources,
        List<Glob> names,
        List<Glob> metrics,
        Map<String, String> tags,
        Set<AlertState> states) {

    public static final AlertMatch ANY = new AlertMatch(Set.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Set.of());

    public AlertMatch {
        severities = Set.copyOf(Objects.requireNonNull(severities, "severities"));
        services = List.copyOf(Objects.requireNonNull(services, "services"));
        resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        states = Set.copyOf(Objects.requireNonNull(states, "states"));
    }

    public boolean matches(Alert alert) {
        return (severities.isEmpty() || severities.contains(alert.severity()))
                && (states.isEmpty() || states.contains(alert.state()))
                && anyMatches(services, alert.service())
                && anyMatches(resources, alert.resource())
                && anyMatches(names, alert.name())
                && anyMatches(metrics, alert.metric())
                && tags.entrySet().stream().allMatch(t -> t.getValue().equals(alert.tags().get(t.getKey())));
    }

    private static boolean anyMatches(List<Glob> globs, String value) {
        if (globs.isEmpty()) {
            return true;
        }
        for (Glob g : globs) {
            if (g.matches(value)) {
                return true;
            }
        }
        return false;
    }
}

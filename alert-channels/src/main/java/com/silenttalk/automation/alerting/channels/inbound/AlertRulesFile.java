package com.silenttalk.automation.alerting.channels.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.StrictYaml;
import com.silenttalk.automation.alerting.channels.outbound.ChannelEndpoint;
import com.silenttalk.automation.alerting.channels.outbound.PagerDutyRegion;
import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.alerting.AlertMatch;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.Channel;
import com.silenttalk.automation.core.alerting.ChannelKind;
import com.silenttalk.automation.core.alerting.Glob;
import com.silenttalk.automation.core.alerting.MaintenanceWindow;
import com.silenttalk.automation.core.alerting.RoutingRule;
import com.silenttalk.automation.core.alerting.RoutingRules;
import com.silenttalk.automation.core.alerting.Severity;
import com.silenttalk.automation.core.alerting.SuppressionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the alert routing rules (YAML, strictly: {@link StrictYaml}). Unknown keys are errors, every error names its key.
 * The built-in default ({@link #DEFAULT_RESOURCE}) routes the seed's alert set.
 * <pre>
 * channels:
 *   ops-slack: {kind: slack, urlEnv: OPSCTL_SLACK_WEBHOOK_URL}
 *   oncall:    {kind: pagerduty, routingKeyEnv: OPSCTL_PAGERDUTY_ROUTING_KEY, region: eu}   # region: us (default) or eu
 * fallback: [ops-slack]
 * suppression: {dedupeWindow: 30m, flapChanges: 3, flapWindow: 10m, resolveSettle: 2m, deployGrace: 10m}
 * maintenance: [{name: db-upgrade, start: 2026-03-01T22:00:00Z, end: 2026-03-01T23:00:00Z, match: {...}}]
 * rules:
 *   - {name: pages, match: {severity: [critical], service: ["AWS/*"], resource: [], name: [], metric: [], tags: {}, state: []},
 *      channels: [oncall, ops-slack], stop: false}
 * </pre>
 */
public final class AlertRulesFile {
    public static final String DEFAULT_RESOURCE = "/alerting/default-rules.yaml";
    private static final Set<String> TOP = Set.of("channels", "fallback", "suppression", "maintenance", "rules");
    private static final Set<String> MATCH = Set.of("severity", "service", "resource", "name", "metric", "tags", "state");

    private AlertRulesFile() {
    }

    public static AlertingConfig load(Path file) {
        return load("--rules", file);
    }

    /** @param setting what named the file (an option, an environment variable), for errors about the file itself */
    public static AlertingConfig load(String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidFieldException(setting, "file " + file + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new InvalidFieldException(setting, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public static AlertingConfig loadDefault() {
        try (InputStream in = AlertRulesFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse("default rules", in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    static AlertingConfig parse(String name, InputStream in) throws IOException {
        JsonNode root = StrictYaml.read(in.readNBytes(StrictYaml.MAX_BYTES + 1), name, "rules");
        keys(root, "", TOP);

        List<Channel> channels = new ArrayList<>();
        Map<String, ChannelEndpoint> endpoints = new LinkedHashMap<>();
        JsonNode ch = root.path("channels");
        if (!ch.isObject() || ch.isEmpty()) {
            throw new InvalidFieldException("channels", "must map at least one channel name to {kind, urlEnv | routingKeyEnv}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = ch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "channels." + e.getKey();
            JsonNode c = e.getValue();
            keys(c, path, Set.of("kind", "urlEnv", "routingKeyEnv", "topicArnEnv", "region"));
            ChannelKind kind = kind(path + ".kind", text(c.path("kind"), path + ".kind"));
            PagerDutyRegion region = pagerDutyRegion(c.get("region"), kind, path + ".region");
            String secretKey = switch (kind) {
                case PAGERDUTY -> "routingKeyEnv";
                case SNS_EMAIL -> "topicArnEnv";
                default -> "urlEnv";
            };
            String env = text(c.path(secretKey), path + "." + secretKey);
            if (!env.matches("[A-Z_][A-Z0-9_]*")) {
                throw new InvalidFieldException(path + "." + secretKey,
                        "must name an environment variable (A-Z, 0-9, _), not hold the secret itself");
            }
            Channel channel;
            try {
                channel = new Channel(e.getKey(), kind);
            } catch (InvalidFieldException bad) {
                throw new InvalidFieldException(path, bad.problem());
            }
            channels.add(channel);
            endpoints.put(channel.name(), new ChannelEndpoint(channel, env, region));
        }

        List<RoutingRule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : array(root.path("rules"), "rules")) {
            String path = "rules[" + i++ + "]";
            keys(r, path, Set.of("name", "match", "channels", "stop"));
            String ruleName = text(r.path("name"), path + ".name");
            path = "rules." + ruleName;
            List<String> targets = texts(r.path("channels"), path + ".channels");
            boolean stop = r.path("stop").asBoolean(false);
            rules.add(new RoutingRule(ruleName, match(r.path("match"), path + ".match"), targets, stop));
        }
        List<String> fallback = texts(root.path("fallback"), "fallback");

        List<MaintenanceWindow> maintenance = new ArrayList<>();
        i = 0;
        for (JsonNode m : array(root.path("maintenance"), "maintenance")) {
            String path = "maintenance[" + i++ + "]";
            keys(m, path, Set.of("name", "start", "end", "match"));
            maintenance.add(new MaintenanceWindow(text(m.path("name"), path + ".name"),
                    instant(m.path("start"), path + ".start"), instant(m.path("end"), path + ".end"),
                    match(m.path("match"), path + ".match")));
        }
        return new AlertingConfig(new RoutingRules(channels, rules, fallback), endpoints,
                suppression(root.path("suppression")), maintenance);
    }

    private static SuppressionPolicy suppression(JsonNode s) {
        SuppressionPolicy d = SuppressionPolicy.DEFAULT;
        if (s.isMissingNode() || s.isNull()) {
            return d;
        }
        keys(s, "suppression", Set.of("dedupeWindow", "flapChanges", "flapWindow", "resolveSettle", "deployGrace", "maxTrackedKeys"));
        try {
            return new SuppressionPolicy(
                    duration(s.path("dedupeWindow"), "suppression.dedupeWindow", d.dedupeWindow()),
                    s.path("flapChanges").asInt(d.flapChanges()),
                    duration(s.path("flapWindow"), "suppression.flapWindow", d.flapWindow()),
                    duration(s.path("resolveSettle"), "suppression.resolveSettle", d.resolveSettle()),
                    duration(s.path("deployGrace"), "suppression.deployGrace", d.deployGrace()),
                    s.path("maxTrackedKeys").asInt(d.maxTrackedKeys()));
        } catch (InvalidFieldException e) {
            throw e.field().startsWith("suppression.") ? e : e.under("suppression");
        }
    }

    public static AlertMatch match(JsonNode m, String path) {
        if (m.isMissingNode() || m.isNull()) {
            return AlertMatch.ANY;
        }
        keys(m, path, MATCH);
        Set<Severity> severities = new LinkedHashSet<>();
        for (String s : texts(m.path("severity"), path + ".severity")) {
            severities.add(Severity.parse(path + ".severity", s));
        }
        Set<AlertState> states = new LinkedHashSet<>();
        for (String s : texts(m.path("state"), path + ".state")) {
            try {
                states.add(AlertState.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(path + ".state", "unknown state " + UntrustedText.quoted(s) + " (firing, resolved)");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = m.path("tags");
        if (!t.isMissingNode() && !t.isNull()) {
            if (!t.isObject()) {
                throw new InvalidFieldException(path + ".tags", "must be a mapping of tag to value");
            }
            t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        return new AlertMatch(severities, globs(m.path("service"), path + ".service"), globs(m.path("resource"), path + ".resource"),
                globs(m.path("name"), path + ".name"), globs(m.path("metric"), path + ".metric"), tags, states);
    }

    private static List<Glob> globs(JsonNode node, String path) {
        return texts(node, path).stream().map(s -> new Glob(path, s)).toList();
    }

    /** A PagerDuty account's service region: us (the default) or eu; no other kind of channel has one. */
    private static PagerDutyRegion pagerDutyRegion(JsonNode node, ChannelKind kind, String path) {
        if (node == null || node.isNull()) {
            return PagerDutyRegion.US;
        }
        if (kind != ChannelKind.PAGERDUTY) {
            throw new InvalidFieldException(path, "only a pagerduty channel has a region");
        }
        String text = text(node, path);
        return switch (text) {
            case "us" -> PagerDutyRegion.US;
            case "eu" -> PagerDutyRegion.EU;
            default -> throw new InvalidFieldException(path, "must be us or eu (the PagerDuty service region of the account), got "
                    + UntrustedText.quoted(text));
        };
    }

    private static ChannelKind kind(String path, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "slack" -> ChannelKind.SLACK;
            case "teams" -> ChannelKind.TEAMS;
            case "pagerduty" -> ChannelKind.PAGERDUTY;
            case "sns-email" -> ChannelKind.SNS_EMAIL;
            default -> throw new InvalidFieldException(path, "unknown kind " + UntrustedText.quoted(text) + " (slack, teams, pagerduty, sns-email)");
        };
    }

    private static void keys(JsonNode node, String path, Set<String> allowed) {
        if (!node.isObject()) {
            throw new InvalidFieldException(path.isEmpty() ? "rules" : path, "must be a mapping");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new InvalidFieldException(path.isEmpty() ? k : path + "." + k,
                        "unknown key (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        });
    }

    private static List<JsonNode> array(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    private static List<String> texts(JsonNode node, String path) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(node, path)) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new InvalidFieldException(path, "must be a list of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String path) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidFieldException(path, node.isMissingNode() ? "is missing" : "must be a non-empty string");
        }
        return node.asText();
    }

    private static Instant instant(JsonNode node, String path) {
        try {
            return Instant.parse(text(node, path));
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(path, "is not an ISO-8601 instant such as 2026-03-01T22:00:00Z");
        }
    }

    private static Duration duration(JsonNode node, String path, Duration fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        String t = node.asText().strip();
        if (t.equals("0") || t.equals("0s")) {
            return Duration.ZERO;
        }
        return DurationText.parse(path, t);
    }
}

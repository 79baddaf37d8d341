package com.silenttalk.automation.aws.failover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.Signal;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the EventBridge "CloudWatch Alarm State Change" of the failover's composite alarm
 * into the gate's signals. The composite is an AND of its children, so its ALARM means every
 * child is in ALARM; each child stands for one kind of signal (Route 53 health check,
 * reachability, database alarm). A child has been failing since it went to ALARM (the
 * {@code triggeringAlarms} timestamp when the event names it, otherwise the composite's own
 * change, which is later and so conservative) minus the window its metric had to breach.
 */
final class CompositeAlarmSignals {
    private static final Pattern TERM = Pattern.compile("ALARM\\(\\s*(\"([^\"]+)\"|([^\\s()\"]+))\\s*\\)");
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private CompositeAlarmSignals() {
    }

    static List<Signal> from(EventEnvelope event, FailoverSettings settings) {
        String alarmName = event.detailText("alarmName");
        if (!alarmName.equals(settings.compositeAlarm())) {
            throw new InvalidFieldException("detail.alarmName", UntrustedText.quoted(alarmName) + " is not the failover composite alarm '"
                    + settings.compositeAlarm() + "'");
        }
        Map<String, Object> state = object(event.detail(), "state", "detail.state");
        Object value = state.get("value");
        if (!"ALARM".equals(value)) {
            throw new InvalidFieldException("detail.state.value", "is " + UntrustedText.quoted(value) + ": only ALARM starts a failover evaluation");
        }
        Instant changedAt = time(state.get("timestamp"), "detail.state.timestamp");
        Object rule = object(event.detail(), "configuration", "detail.configuration").get("alarmRule");
        if (!(rule instanceof String alarmRule) || alarmRule.isBlank()) {
            throw new InvalidFieldException("detail.configuration.alarmRule",
                    "is missing: only the composite alarm triggers a failover, never a single metric alarm");
        }
        List<String> children = children(alarmRule);
        Map<String, Instant> triggered = triggeringAlarms(state.get("reasonData"));
        List<Signal> signals = new ArrayList<>();
        for (String child : children) {
            SignalKind kind = settings.childAlarms().get(child);
            if (kind == null) {
                continue; // a child the configuration does not map to a kind of signal adds nothing to the quorum
            }
            Instant since = triggered.getOrDefault(child, changedAt).minus(settings.alarmWindow());
            signals.add(Signal.failing(child, kind, since));
        }
        return signals;
    }

    /** The children of an AND-only rule; any OR or NOT would make the composite's ALARM say nothing about each child. */
    static List<String> children(String rule) {
        Matcher m = TERM.matcher(rule);
        List<String> names = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            rest.append(rule, last, m.start());
            names.add(m.group(2) != null ? m.group(2) : m.group(3));
            last = m.end();
        }
        rest.append(rule.substring(last));
        String connectives = rest.toString().replaceAll("[()\\s]", " ").trim();
        if (names.isEmpty() || !connectives.replaceAll("\\bAND\\b", "").isBlank()) {
            throw new InvalidFieldException("detail.configuration.alarmRule", "must be ALARM(...) terms joined by AND, got " + UntrustedText.quoted(rule));
        }
        return names;
    }

    private static Map<String, Instant> triggeringAlarms(Object reasonData) {
        Map<String, Instant> out = new HashMap<>();
        if (!(reasonData instanceof String text) || text.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("detail.state.reasonData", "is not JSON");
        }
        for (JsonNode alarm : root.path("triggeringAlarms")) {
            String arn = alarm.path("arn").asText("");
            int at = arn.indexOf(":alarm:");
            if (at < 0 || !"ALARM".equals(alarm.path("state").path("value").asText())) {
                continue;
            }
            out.put(arn.substring(at + ":alarm:".length()), time(alarm.path("state").path("timestamp").asText(null),
                    "detail.state.reasonData.triggeringAlarms.state.timestamp"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name, String field) {
        Object value = parent.get(name);
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidFieldException(field, value == null ? "is missing" : "must be an object");
        }
        return (Map<String, Object>) map;
    }

    /** CloudWatch writes {@code 2026-03-01T12:06:30.555+0000}; ISO-8601 is accepted too. */
    static Instant time(Object value, String field) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidFieldException(field, "is missing");
        }
        try {
            return OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidFieldException(field, UntrustedText.quoted(text) + " is not a timestamp");
            }
        }
    }
}

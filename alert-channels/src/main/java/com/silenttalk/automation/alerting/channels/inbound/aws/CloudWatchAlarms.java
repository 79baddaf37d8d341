package com.silenttalk.automation.alerting.channels.inbound.aws;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.AlertSource;
import com.silenttalk.automation.core.alerting.AlertState;
import com.silenttalk.automation.core.alerting.DedupeKey;
import com.silenttalk.automation.core.alerting.EventNode;
import com.silenttalk.automation.core.alerting.Normalised;
import com.silenttalk.automation.core.alerting.Severity;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CloudWatch alarms, from the EventBridge "Alarm State Change" event and from the SNS
 * notification. Both paths give the same dedupe key (account, region, alarm name), so a
 * resolution through one pairs with a firing through the other.
 * <p>
 * CloudWatch alarms carry no severity: it comes from an alarm tag {@code severity}
 * (EventBridge {@code alarmTags}, with tag propagation on) and is {@link Severity#ERROR} otherwise.
 */
public final class CloudWatchAlarms {
    static final String SEVERITY_TAG = "severity";
    private static final Severity DEFAULT_SEVERITY = Severity.ERROR;

    private CloudWatchAlarms() {
    }

    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    public static Normalised fromEventBridge(EventNode root) {
        String source = root.get("source").text();
        if (!"aws.cloudwatch".equals(source)) {
            throw new InvalidFieldException("source", UntrustedText.quoted(EventNode.abbreviate(source)) + " is not aws.cloudwatch");
        }
        String account = root.get("account").text();
        String region = region("region", root.get("region").text());
        EventNode detail = root.get("detail").object();
        String alarmName = detail.get("alarmName").text();
        EventNode state = detail.get("state").object();
        String value = state.get("value").text();
        Instant changedAt = state.get("timestamp").instant();
        EventNode previous = detail.get("previousState");
        Optional<String> previousValue = previous.isPresent() ? previous.object().get("value").optionalText() : Optional.empty();

        AlertState alertState = stateOf(state.get("value"), value);
        if (alertState == null) {
            return new Normalised.Ignored("alarm " + alarmName + " went to " + value + ": neither firing nor resolved");
        }
        Instant startedAt = changedAt;
        if (alertState == AlertState.RESOLVED && previousValue.filter("ALARM"::equals).isPresent()) {
            startedAt = previous.get("timestamp").optionalInstant().filter(t -> !t.isAfter(changedAt)).orElse(changedAt);
        }

        EventNode configuration = detail.get("configuration");
        Map<String, String> details = new LinkedHashMap<>();
        state.get("reason").optionalText().ifPresent(r -> details.put("reason", r));
        previousValue.ifPresent(p -> details.put("previousState", p));
        String service;
        String resource;
        String metric;
        String arn = root.get("resources").elements().stream().findFirst().map(EventNode::text)
                .orElse("arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + alarmName);
        if (configuration.isPresent() && configuration.object().get("alarmRule").isPresent()) {
            details.put("alarmRule", configuration.get("alarmRule").text());
            service = "AWS/CloudWatch";
            resource = arn;
            metric = "composite";
        } else {
            MetricRef ref = metricOf(configuration);
            service = ref.namespace == null ? "AWS/CloudWatch" : ref.namespace;
            resource = ref.dimensions.isEmpty() ? arn : dimensionText(ref.dimensions);
            metric = ref.name;
        }
        Map<String, String> tags = detail.get("alarmTags").scalarFields();
        String description = configuration.isPresent() ? configuration.get("description").optionalText().orElse(null) : null;
        return new Normalised.Raised(new Alert(AlertSource.CLOUDWATCH_EVENT, account, region, service, resource,
                alarmName, metric, alertState, severityOf(tags), description, startedAt, changedAt,
                keyOf(account, region, alarmName), consoleLink(region, alarmName), tags, details));
    }

    public static Normalised fromSnsMessage(EventNode message) {
        String alarmName = message.get("AlarmName").text();
        String account = message.get("AWSAccountId").text();
        String value = message.get("NewStateValue").text();
        Instant changedAt = message.get("StateChangeTime").instant();
        AlertState alertState = stateOf(message.get("NewStateValue"), value);
        if (alertState == null) {
            return new Normalised.Ignored("alarm " + alarmName + " went to " + value + ": neither firing nor resolved");
        }
        Optional<String> arn = message.get("AlarmArn").optionalText();
        String region = arn.map(a -> regionOfArn(message.get("AlarmArn").path(), a)).orElse("unknown");

        Map<String, String> details = new LinkedHashMap<>();
        message.get("NewStateReason").optionalText().ifPresent(r -> details.put("reason", r));
        message.get("OldStateValue").optionalText().ifPresent(p -> details.put("previousState", p));
        String service;
        String resource;
        String metric;
        EventNode trigger = message.get("Trigger");
        if (trigger.isPresent()) {
            trigger.object();
            Map<String, String> dims = new TreeMap<>();
            for (EventNode d : trigger.get("Dimensions").elements()) {
                dims.put(d.get("name").text(), d.get("value").text());
            }
            metric = trigger.get("MetricName").optionalText().orElse("expression");
            service = trigger.get("Namespace").optionalText().orElse("AWS/CloudWatch");
            resource = dims.isEmpty() ? arn.orElse(alarmName) : dimensionText(dims);
            trigger.get("ComparisonOperator").optionalText().ifPresent(c -> details.put("comparison", c));
            trigger.get("Threshold").optionalText().ifPresent(t -> details.put("threshold", t));
        } else {
            message.get("AlarmRule").optionalText().ifPresent(r -> details.put("alarmRule", r));
            metric = "composite";
            service = "AWS/CloudWatch";
            resource = arn.orElse(alarmName);
        }
        // The SNS message carries no alarm tags and no previous-state timestamp.
        return new Normalised.Raised(new Alert(AlertSource.CLOUDWATCH_SNS, account, region, service, resource,
                alarmName, metric, alertState, DEFAULT_SEVERITY,
                message.get("AlarmDescription").optionalText().orElse(null), changedAt, changedAt,
                keyOf(account, region, alarmName), consoleLink(region, alarmName), Map.of(), details));
    }

    private record MetricRef(String name, String namespace, Map<String, String> dimensions) {
    }

    /** The first metric of the alarm that has a metricStat; an alarm on a math expression names the expression. */
    private static MetricRef metricOf(EventNode configuration) {
        if (!configuration.isPresent()) {
            throw new InvalidFieldException("detail.configuration", "is missing");
        }
        EventNode firstExpression = null;
        for (EventNode m : configuration.object().get("metrics").elements()) {
            EventNode stat = m.get("metricStat");
            if (stat.isPresent()) {
                EventNode metric = stat.object().get("metric").object();
                return new MetricRef(metric.get("name").text(), metric.get("namespace").optionalText().orElse(null),
                        new TreeMap<>(metric.get("dimensions").scalarFields()));
            }
            if (firstExpression == null && m.get("expression").isPresent()) {
                firstExpression = m.get("expression");
            }
        }
        if (firstExpression != null) {
            return new MetricRef(firstExpression.text(), null, Map.of());
        }
        throw new InvalidFieldException("detail.configuration.metrics", "has no metricStat or expression");
    }

    /** ALARM fires, OK resolves, INSUFFICIENT_DATA is neither (null). */
    private static AlertState stateOf(EventNode field, String value) {
        return switch (value) {
            case "ALARM" -> AlertState.FIRING;
            case "OK" -> AlertState.RESOLVED;
            case "INSUFFICIENT_DATA" -> null;
            default -> throw new InvalidFieldException(field.path(),
                    "unknown alarm state " + UntrustedText.quoted(EventNode.abbreviate(value)) + " (ALARM, OK, INSUFFICIENT_DATA)");
        };
    }

    private static Severity severityOf(Map<String, String> tags) {
        return tags.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(SEVERITY_TAG))
                .findFirst()
                .map(e -> Severity.parse("alarmTags." + e.getKey(), e.getValue()))
                .orElse(DEFAULT_SEVERITY);
    }

    private static String dimensionText(Map<String, String> dimensions) {
        return new TreeMap<>(dimensions).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static String regionOfArn(String field, String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || parts[3].isBlank()) {
            throw new InvalidFieldException(field, "is not an alarm ARN");
        }
        return region(field, parts[3]);
    }

    /** An AWS region (eu-west-1, us-gov-west-1, cn-north-1): it becomes a host name in the console link. */
    private static String region(String field, String region) {
        if (!REGION.matcher(region).matches()) {
            throw new InvalidFieldException(field, UntrustedText.quoted(region) + " is not an AWS region such as eu-west-1");
        }
        return region;
    }

    static DedupeKey keyOf(String account, String region, String alarmName) {
        return DedupeKey.of("aws", account, region, alarmName);
    }

    static URI consoleLink(String region, String alarmName) {
        String host = region.equals("unknown") ? "console.aws.amazon.com" : region + ".console.aws.amazon.com";
        String query = region.equals("unknown") ? "" : "?region=" + region;
        return URI.create("https://" + host + "/cloudwatch/home" + query + "#alarmsV2:alarm/"
                + URLEncoder.encode(alarmName, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}

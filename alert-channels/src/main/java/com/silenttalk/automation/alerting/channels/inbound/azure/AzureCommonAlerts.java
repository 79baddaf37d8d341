package com.silenttalk.automation.alerting.channels.inbound.azure;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Azure Monitor alerts in the common alert schema ({@code schemaId: azureMonitorCommonAlertSchema},
 * essentials version 1.0): metric, log search, activity log and resource health alerts.
 * The dedupe key is (subscription, alert rule, target resource), so the "Resolved" payload of
 * a metric alert pairs with its "Fired" payload.
 */
public final class AzureCommonAlerts {
    static final String SCHEMA_ID = "azureMonitorCommonAlertSchema";
    static final String ESSENTIALS_VERSION = "1.0";

    private AzureCommonAlerts() {
    }

    public static Normalised normalise(EventNode root) {
        String schemaId = root.get("schemaId").text();
        if (!SCHEMA_ID.equals(schemaId)) {
            throw new InvalidFieldException("schemaId", "unsupported schema '" + EventNode.abbreviate(schemaId)
                    + "' (only " + SCHEMA_ID + "; enable the common alert schema on the action group)");
        }
        EventNode data = root.get("data").object();
        EventNode essentials = data.get("essentials").object();
        String version = essentials.get("essentialsVersion").text();
        if (!ESSENTIALS_VERSION.equals(version)) {
            throw new InvalidFieldException("data.essentials.essentialsVersion",
                    "unsupported version " + UntrustedText.quoted(EventNode.abbreviate(version)) + " (expected " + ESSENTIALS_VERSION + ")");
        }
        String alertId = essentials.get("alertId").text();
        String rule = essentials.get("alertRule").text();
        Severity severity = Severity.parse("data.essentials.severity", essentials.get("severity").text());
        String signalType = essentials.get("signalType").text();
        String monitoringService = essentials.get("monitoringService").text();
        AlertState state = switch (essentials.get("monitorCondition").text()) {
            case "Fired" -> AlertState.FIRING;
            case "Resolved" -> AlertState.RESOLVED;
            default -> throw new InvalidFieldException("data.essentials.monitorCondition",
                    "unknown condition '" + EventNode.abbreviate(essentials.get("monitorCondition").text()) + "' (Fired, Resolved)");
        };
        List<EventNode> targets = essentials.get("alertTargetIDs").elements();
        if (targets.isEmpty()) {
            throw new InvalidFieldException("data.essentials.alertTargetIDs", "is missing or empty");
        }
        String resource = targets.get(0).text();
        String subscription = subscriptionOf(alertId)
                .orElseGet(() -> subscriptionOf(resource).orElseThrow(() -> new InvalidFieldException(
                        "data.essentials.alertId", "names no subscription (/subscriptions/<id>/...)")));
        Instant firedAt = essentials.get("firedDateTime").instant();
        Instant changedAt = firedAt;
        if (state == AlertState.RESOLVED) {
            changedAt = essentials.get("resolvedDateTime").instant();
            if (changedAt.isBefore(firedAt)) {
                throw new InvalidFieldException("data.essentials.resolvedDateTime", "is before firedDateTime");
            }
        }

        EventNode context = data.get("alertContext");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("monitoringService", monitoringService);
        if (targets.size() > 1) {
            details.put("targets", Integer.toString(targets.size()));
        }
        AlertSource source;
        String metric;
        if ("Resource Health".equals(monitoringService)) {
            source = AlertSource.AZURE_RESOURCE_HEALTH;
            EventNode props = context.object().get("properties").object();
            String current = props.get("currentHealthStatus").text();
            details.put("currentHealthStatus", current);
            props.get("previousHealthStatus").optionalText().ifPresent(p -> details.put("previousHealthStatus", p));
            props.get("title").optionalText().ifPresent(t -> details.put("title", t));
            props.get("cause").optionalText().ifPresent(c -> details.put("cause", c));
            metric = "ResourceHealth";
            // Resource Health alerts are always "Fired"; a return to Available is the resolution.
            if ("Available".equals(current)) {
                state = AlertState.RESOLVED;
            }
        } else if ("Activity Log".equals(signalType) || monitoringService.startsWith("Activity Log")
                || "ServiceHealth".equals(monitoringService)) {
            source = AlertSource.AZURE_ACTIVITY_LOG;
            EventNode ctx = context.object();
            metric = ctx.get("operationName").text();
            ctx.get("status").optionalText().ifPresent(s -> details.put("status", s));
            ctx.get("level").optionalText().ifPresent(l -> details.put("level", l));
        } else if ("Log".equals(signalType)) {
            source = AlertSource.AZURE_LOG_SEARCH;
            EventNode condition = firstCondition(context);
            details.put("query", condition.get("searchQuery").text());
            condition.get("operator").optionalText().ifPresent(o -> details.put("comparison", o));
            condition.get("threshold").optionalText().ifPresent(t -> details.put("threshold", t));
            condition.get("metricValue").optionalText().ifPresent(v -> details.put("value", v));
            metric = condition.get("metricMeasureColumn").optionalText().orElse("log search");
        } else if ("Metric".equals(signalType)) {
            source = AlertSource.AZURE_METRIC;
            EventNode condition = firstCondition(context);
            metric = condition.get("metricName").text();
            condition.get("operator").optionalText().ifPresent(o -> details.put("comparison", o));
            condition.get("threshold").optionalText().ifPresent(t -> details.put("threshold", t));
            condition.get("metricValue").optionalText().ifPresent(v -> details.put("value", v));
            condition.get("timeAggregation").optionalText().ifPresent(a -> details.put("aggregation", a));
        } else {
            throw new InvalidFieldException("data.essentials.signalType", "unsupported signal type '"
                    + EventNode.abbreviate(signalType) + "' (Metric, Log, Activity Log)");
        }
        Instant startedAt = state == AlertState.RESOLVED && changedAt.equals(firedAt) ? changedAt : firedAt;
        return new Normalised.Raised(new Alert(source, subscription, "unknown", resourceTypeOf(resource), resource, rule,
                metric, state, severity, essentials.get("description").optionalText().orElse(null), startedAt, changedAt,
                DedupeKey.of("azure", subscription, rule, resource), consoleLink(alertId),
                data.get("customProperties").scalarFields(), details));
    }

    private static EventNode firstCondition(EventNode context) {
        List<EventNode> allOf = context.object().get("condition").object().get("allOf").elements();
        if (allOf.isEmpty()) {
            throw new InvalidFieldException("data.alertContext.condition.allOf", "is missing or empty");
        }
        return allOf.get(0).object();
    }

    private static java.util.Optional<String> subscriptionOf(String id) {
        String[] parts = id.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("subscriptions") && !parts[i + 1].isBlank()) {
                return java.util.Optional.of(parts[i + 1]);
            }
        }
        return java.util.Optional.empty();
    }

    /** "microsoft.compute/virtualmachines" from ".../providers/Microsoft.Compute/virtualMachines/vm1". */
    public static String resourceTypeOf(String resourceId) {
        String[] parts = resourceId.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i].equalsIgnoreCase("providers") && i + 2 < parts.length) {
                StringBuilder type = new StringBuilder(parts[i + 1]);
                for (int j = i + 2; j < parts.length; j += 2) {
                    type.append('/').append(parts[j]);
                }
                return type.toString().toLowerCase(Locale.ROOT);
            }
        }
        return parts.length > 3 && parts[3].equalsIgnoreCase("resourcegroups")
                ? "microsoft.resources/resourcegroups" : "microsoft.resources/subscriptions";
    }

    static URI consoleLink(String alertId) {
        return URI.create("https://portal.azure.com/#blade/Microsoft_Azure_Monitoring/AlertDetailsTemplateBlade/alertId/"
                + URLEncoder.encode(alertId, StandardCharsets.UTF_8));
    }
}

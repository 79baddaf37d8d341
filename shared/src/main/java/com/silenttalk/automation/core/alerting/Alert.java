package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert, whatever sent it: a CloudWatch alarm (EventBridge or SNS) or an Azure Monitor
 * alert (common alert schema).
 *
 * @param account     AWS account ID or Azure subscription ID
 * @param region      cloud region code, or {@code "unknown"} when the payload does not carry it
 *                    (Azure metric alerts do not)
 * @param service     what kind of thing the resource is: a CloudWatch namespace ("AWS/ECS") or an
 *                    Azure resource type ("microsoft.compute/virtualmachines"); rules match on it
 * @param resource    the resource: CloudWatch dimensions ("ClusterName=prod,ServiceName=api") or an
 *                    alarm ARN, an Azure resource ID
 * @param name        the alarm or alert rule name
 * @param metric      the metric, or what stands for it (a log query, an operation name)
 * @param startedAt   when the condition began (for a resolution: when its firing began, if known)
 * @param changedAt   when the state last changed
 * @param tags        alarm tags (CloudWatch tag propagation) or Azure custom properties; routing
 *                    matches on them
 * @param details     source facts for people (threshold, reason, query); never secrets
 */
public record Alert(
        AlertSource source,
        String account,
        String region,
        String service,
        String resource,
        String name,
        String metric,
        AlertState state,
        Severity severity,
        String summary,
        Instant startedAt,
        Instant changedAt,
        DedupeKey dedupeKey,
        URI consoleLink,
        Map<String, String> tags,
        Map<String, String> details) {

    public Alert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(consoleLink, "consoleLink");
        account = required("account", account);
        region = required("region", region);
        service = required("service", service);
        resource = required("resource", resource);
        name = required("name", name);
        metric = required("metric", metric);
        summary = summary == null || summary.isBlank() ? name : summary;
        if (startedAt.isAfter(changedAt)) {
            throw new InvalidFieldException("startedAt", "is after changedAt (" + startedAt + " > " + changedAt + ")");
        }
        if (!"https".equals(consoleLink.getScheme())) {
            throw new InvalidFieldException("consoleLink", "must be an https link");
        }
        // Sorted and unmodifiable, so every rendering (JSON lines, messages) is in one order.
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags == null ? Map.of() : tags));
        details = Collections.unmodifiableSortedMap(new TreeMap<>(details == null ? Map.of() : details));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is missing");
        }
        return value;
    }

    public boolean isFiring() {
        return state == AlertState.FIRING;
    }
}

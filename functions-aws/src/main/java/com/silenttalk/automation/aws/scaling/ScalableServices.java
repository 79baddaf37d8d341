package com.silenttalk.automation.aws.scaling;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ECS services the alarm notifier may scale ({@code ST_SCALING_SERVICES}, {@code cluster/service} comma-separated;
 * empty while the app stack's native step scaling is the controller). An alarm names its service by its metric's
 * dimensions ({@code ClusterName}, {@code ServiceName} in namespace AWS/ECS); a service that is not listed is never
 * scaled, whatever the alarm says.
 */
public record ScalableServices(Set<ScalingTarget> targets) {
    public static final String SETTING = "ST_SCALING_SERVICES";

    public ScalableServices {
        targets = Set.copyOf(targets);
    }

    public static ScalableServices none() {
        return new ScalableServices(Set.of());
    }

    public static ScalableServices parse(String setting) {
        Set<ScalingTarget> targets = new LinkedHashSet<>();
        if (setting != null) {
            for (String entry : setting.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.strip().split("/", -1);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new InvalidFieldException(SETTING, "each entry must be cluster/service, got " + UntrustedText.quoted(entry.strip()));
                }
                targets.add(new ScalingTarget(entry.strip()));
            }
        }
        return new ScalableServices(targets);
    }

    /** The listed service an ECS alarm is about, if it is about one. */
    public Optional<ScalingTarget> targetOf(Alert alert) {
        if (!"AWS/ECS".equals(alert.service())) {
            return Optional.empty();
        }
        Map<String, String> dimensions = new TreeMap<>();
        for (String pair : alert.resource().split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                dimensions.put(kv[0], kv[1]);
            }
        }
        String cluster = dimensions.get("ClusterName");
        String service = dimensions.get("ServiceName");
        if (cluster == null || service == null) {
            return Optional.empty();
        }
        ScalingTarget target = new ScalingTarget(cluster + "/" + service);
        return targets.contains(target) ? Optional.of(target) : Optional.empty();
    }

    public boolean isEmpty() {
        return targets.isEmpty();
    }
}

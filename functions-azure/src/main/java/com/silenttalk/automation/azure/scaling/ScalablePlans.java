package com.silenttalk.automation.azure.scaling;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.scaling.ScalingTarget;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The App Service plans the alert function may scale ({@code ST_SCALING_PLAN_IDS}, the platform
 * deployment's {@code scalingPlanIds} output; empty while Azure autoscale is the controller).
 * An alert names its plan with the {@code scalingTarget} custom property (the metric alert's
 * webHookProperties) or, failing that, by firing on the plan itself. Azure Monitor writes resource
 * IDs in lower case, so the match ignores case and the configured spelling is used from then on.
 * A caller who holds the function key still cannot scale a plan that is not listed.
 */
public record ScalablePlans(Map<String, ScalingTarget> byLowerCaseId) {
    public static final String SETTING = "ST_SCALING_PLAN_IDS";
    public static final String TARGET_PROPERTY = "scalingTarget";

    public ScalablePlans {
        byLowerCaseId = Map.copyOf(byLowerCaseId);
    }

    public static ScalablePlans none() {
        return new ScalablePlans(Map.of());
    }

    /** A comma-separated list of plan resource IDs; each is checked to be one. */
    public static ScalablePlans parse(String setting) {
        Map<String, ScalingTarget> plans = new LinkedHashMap<>();
        if (setting != null) {
            for (String id : setting.split(",")) {
                if (id.isBlank()) {
                    continue;
                }
                ScalingTarget target;
                try {
                    target = new ScalingTarget(id.strip());
                    AppServicePlanScaler.path(target);
                } catch (InvalidFieldException e) {
                    throw new InvalidFieldException(SETTING, e.getMessage());
                }
                plans.put(target.value().toLowerCase(Locale.ROOT), target);
            }
        }
        return new ScalablePlans(plans);
    }

    /** The plan path an alert names, when it names an App Service plan at all (listed or not). */
    public static Optional<String> planPathOf(String resourceId) {
        try {
            return Optional.of(AppServicePlanScaler.path(new ScalingTarget(resourceId.strip())));
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    public Optional<ScalingTarget> targetOf(Alert alert) {
        String named = alert.tags().getOrDefault(TARGET_PROPERTY, alert.resource());
        return Optional.ofNullable(byLowerCaseId.get(named.strip().toLowerCase(Locale.ROOT)));
    }

    public boolean isEmpty() {
        return byLowerCaseId.isEmpty();
    }
}

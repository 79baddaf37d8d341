package com.silenttalk.automation.core.alerting;

import java.util.List;

/** The maintenance windows and deployment markers in force when an alert is judged. */
public record SuppressionContext(List<MaintenanceWindow> maintenance, List<DeploymentMarker> deployments) {
    public static final SuppressionContext NONE = new SuppressionContext(List.of(), List.of());

    public SuppressionContext {
        maintenance = List.copyOf(maintenance);
        deployments = List.copyOf(deployments);
    }
}

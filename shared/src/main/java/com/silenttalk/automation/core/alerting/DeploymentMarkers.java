package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.List;

/** The deployment markers that may be in force at {@code now} (written by the deploy pipeline). */
public interface DeploymentMarkers {
    List<DeploymentMarker> current(Instant now);
}

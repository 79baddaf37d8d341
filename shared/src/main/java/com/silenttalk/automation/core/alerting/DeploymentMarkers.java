package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.List;

/** The deployment markers that may be in force at {@code now} (written by the deploy pipeline). */
public interface DeploymentMarkers {
    /**
     * Every marker document, ended ones too; one that cannot be read is skipped with a logged line naming it.
     *
     * @throws DeploymentMarkersUnavailableException when the store cannot be listed: an empty list always means that
     *                                               no marker was written, never that none could be seen
     */
    List<DeploymentMarker> current(Instant now);
}

package com.silenttalk.automation.core.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Deployment markers held in memory for core tests, keeping {@link DeploymentMarkersContract}: a document that is no
 * readable marker is skipped with one line naming it; a store that cannot be listed fails (logged, then thrown).
 */
public final class InMemoryDeploymentMarkers implements DeploymentMarkers {
    private final Map<String, DeploymentMarker> markers = new TreeMap<>();
    private final Map<String, String> unreadable = new TreeMap<>();
    private final Consumer<String> log;
    private String listingFailure;

    public InMemoryDeploymentMarkers(Consumer<String> log) {
        this.log = log;
    }

    public void put(String name, DeploymentMarker marker) {
        markers.put(name, marker);
    }

    /** @param why what a reader would say of it ("is not valid JSON") */
    public void putUnreadable(String name, String why) {
        unreadable.put(name, why);
    }

    /** From now on the store cannot be listed (as a bucket that refuses the listing). */
    public void failListing(String why) {
        listingFailure = why;
    }

    @Override
    public List<DeploymentMarker> current(Instant now) {
        if (listingFailure != null) {
            log.accept("cannot list deployment markers in memory: " + listingFailure);
            throw new DeploymentMarkersUnavailableException("memory", listingFailure, null);
        }
        unreadable.forEach((name, why) -> log.accept("deployment marker " + name + " skipped: " + why));
        return new ArrayList<>(markers.values());
    }
}

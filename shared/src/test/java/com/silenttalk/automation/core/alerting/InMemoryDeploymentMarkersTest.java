package com.silenttalk.automation.core.alerting;

import java.util.ArrayList;
import java.util.List;

/** The core tests' markers keep the contract the real stores keep. */
class InMemoryDeploymentMarkersTest extends DeploymentMarkersContract {
    private final List<String> lines = new ArrayList<>();
    private final InMemoryDeploymentMarkers markers = new InMemoryDeploymentMarkers(lines::add);

    @Override
    protected DeploymentMarkers markers() {
        return markers;
    }

    @Override
    protected void write(String name, DeploymentMarker marker, String json) {
        markers.put(name + ".json", marker);
    }

    @Override
    protected void writeUnreadable(String name, String body, String whatIsWrong) {
        markers.putUnreadable(name + ".json", whatIsWrong);
    }

    @Override
    protected void writeOther(String name, String body) {
        // nothing: a store of records holds no other documents
    }

    @Override
    protected void failListing() {
        markers.failListing("the store is down");
    }

    @Override
    protected List<String> logged() {
        return lines;
    }
}

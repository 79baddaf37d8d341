package com.silenttalk.automation.azure.alerting;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.silenttalk.automation.alerting.channels.DeploymentMarkerJson;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Deployment markers ({@link DeploymentMarkerJson}) as blobs under {@code deployments/} in the
 * alerting container, written by the deploy pipeline (one blob per deployment, rewritten with its
 * {@code endedAt} when it finishes). A marker that cannot be read fails the invocation, naming it.
 */
public final class BlobDeploymentMarkers implements DeploymentMarkers {
    public static final String PREFIX = "deployments/";

    private final BlobContainerClient container;

    public BlobDeploymentMarkers(BlobContainerClient container) {
        this.container = Objects.requireNonNull(container, "container");
    }

    @Override
    public List<DeploymentMarker> current(Instant now) {
        if (!container.exists()) {
            return List.of();
        }
        List<DeploymentMarker> markers = new ArrayList<>();
        for (BlobItem blob : container.listBlobs(new ListBlobsOptions().setPrefix(PREFIX), null)) {
            if (blob.getName().endsWith(".json")) {
                markers.add(DeploymentMarkerJson.parse("deployment marker " + blob.getName(),
                        container.getBlobClient(blob.getName()).downloadContent().toBytes()));
            }
        }
        return markers;
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/blobServices/containers/read",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");
    }
}

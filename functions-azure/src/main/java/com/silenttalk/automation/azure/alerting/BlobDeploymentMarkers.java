package com.silenttalk.automation.azure.alerting;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.silenttalk.automation.alerting.channels.inbound.DeploymentMarkerJson;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.DeploymentMarkersUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deployment markers ({@link DeploymentMarkerJson}) as blobs under {@code deployments/} in the
 * alerting container, written by the deploy pipeline (one blob per deployment, rewritten with its
 * {@code endedAt} when it finishes). A marker that cannot be read or parsed is skipped with one line naming it: an
 * alert is never lost to a broken marker, at worst it is not muted. A listing that fails is one line and
 * {@link DeploymentMarkersUnavailableException}, never "no markers".
 */
public final class BlobDeploymentMarkers implements DeploymentMarkers {
    public static final String PREFIX = "deployments/";

    private final BlobContainerClient container;
    private final Consumer<String> log;

    /** @param log where the line about a skipped marker goes (the worker's log) */
    public BlobDeploymentMarkers(BlobContainerClient container, Consumer<String> log) {
        this.container = Objects.requireNonNull(container, "container");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public List<DeploymentMarker> current(Instant now) {
        List<String> names = new ArrayList<>();
        try {
            if (!container.exists()) {
                return List.of(); // created with the first dead letter: no marker was ever written
            }
            for (BlobItem blob : container.listBlobs(new ListBlobsOptions().setPrefix(PREFIX), null)) {
                names.add(blob.getName());
            }
        } catch (BlobStorageException e) {
            DeploymentMarkersUnavailableException unavailable = new DeploymentMarkersUnavailableException(
                    container.getBlobContainerName() + "/" + PREFIX, e.getStatusCode() + " " + e.getErrorCode(), e);
            log.accept("alert-webhook " + unavailable.getMessage());
            throw unavailable;
        }
        List<DeploymentMarker> markers = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(".json")) {
                read(name).ifPresent(markers::add);
            }
        }
        return markers;
    }

    private Optional<DeploymentMarker> read(String name) {
        try {
            return Optional.of(DeploymentMarkerJson.parse("deployment marker " + name,
                    container.getBlobClient(name).downloadContent().toBytes()));
        } catch (InvalidFieldException e) {
            log.accept("alert-webhook skipped " + e.getMessage());
        } catch (BlobStorageException e) {
            log.accept("alert-webhook skipped deployment marker " + name + ": cannot read: " + e.getErrorCode());
        }
        return Optional.empty();
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/blobServices/containers/read",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");
    }
}

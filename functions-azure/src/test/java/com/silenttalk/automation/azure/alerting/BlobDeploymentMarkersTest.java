package com.silenttalk.automation.azure.alerting;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import com.silenttalk.automation.core.alerting.DeploymentMarkers;
import com.silenttalk.automation.core.alerting.DeploymentMarkersContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The markers contract on azurite's Blob service: markers are blobs under {@code deployments/} in the alerting container. */
@ExtendWith(Azurite.class)
class BlobDeploymentMarkersTest extends DeploymentMarkersContract {
    BlobContainerClient alerts;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void container(Azurite.Accounts accounts) {
        alerts = TestAzure.clients().container(accounts.primary(), "alerts-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        alerts.create();
    }

    @Override
    protected DeploymentMarkers markers() {
        return new BlobDeploymentMarkers(alerts, lines::add);
    }

    @Override
    protected void failListing() {
        // the same container through a key the account does not have: azurite answers 403 AuthenticationFailed
        alerts = new BlobContainerClientBuilder().endpoint(alerts.getBlobContainerUrl())
                .credential(new StorageSharedKeyCredential(alerts.getAccountName(),
                        Base64.getEncoder().encodeToString("not-the-account-key".getBytes(StandardCharsets.UTF_8))))
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)))).buildClient();
    }

    @Override
    protected void write(String name, DeploymentMarker marker, String json) {
        upload(BlobDeploymentMarkers.PREFIX + name + ".json", json);
    }

    @Override
    protected void writeUnreadable(String name, String body, String whatIsWrong) {
        upload(BlobDeploymentMarkers.PREFIX + name + ".json", body);
    }

    @Override
    protected void writeOther(String name, String body) {
        upload(BlobDeploymentMarkers.PREFIX + name, body);
        upload("dead-letters/2026-03-01/" + name + ".json", body); // another prefix of the same container
    }

    private void upload(String blob, String body) {
        alerts.getBlobClient(blob).upload(BinaryData.fromString(body), true);
    }

    @Override
    protected List<String> logged() {
        return lines;
    }
}

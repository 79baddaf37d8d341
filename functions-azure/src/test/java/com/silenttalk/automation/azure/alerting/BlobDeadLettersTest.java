package com.silenttalk.automation.azure.alerting;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.silenttalk.automation.alerting.channels.DeadLetterRecords;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.DeadLettersContract;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letters contract on azurite's Blob service: one blob per kept delivery under {@code dead-letters/<day>/}, in
 * a container not created yet (the first dead letter of a deployment creates it).
 */
@ExtendWith(Azurite.class)
class BlobDeadLettersTest extends DeadLettersContract {
    BlobContainerClient alerts;

    @BeforeEach
    void container(Azurite.Accounts accounts) {
        alerts = TestAzure.clients().container(accounts.primary(), "alerts-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    @Override
    protected DeadLetters deadLetters() {
        return new BlobDeadLetters(alerts);
    }

    @Override
    protected List<Kept> kept() {
        if (!alerts.exists()) {
            return List.of();
        }
        return alerts.listBlobs(new ListBlobsOptions().setPrefix(BlobDeadLetters.PREFIX), null).stream()
                .map(b -> DeadLetterRecords.read(alerts.getBlobClient(b.getName()).downloadContent().toString())).toList();
    }
}

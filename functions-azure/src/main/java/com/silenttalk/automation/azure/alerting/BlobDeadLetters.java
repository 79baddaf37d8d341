package com.silenttalk.automation.azure.alerting;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.alerting.DeadLetters;
import com.silenttalk.automation.core.alerting.Delivery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Undeliverable alerts as one JSON blob each ({@link AlertJson#deadLetter}: the whole alert, the
 * channel by name, never its secret), under {@code dead-letters/<yyyy-MM-dd>/}. The upload
 * returns only once the service has stored the blob, so a dead letter is durable before
 * {@link #keep} returns. The name derives from the delivery (alert key, state, change time,
 * channel, action), so a retried invocation overwrites its own record instead of adding a twin.
 */
public final class BlobDeadLetters implements DeadLetters {
    public static final String PREFIX = "dead-letters/";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final BlobContainerClient container;

    public BlobDeadLetters(BlobContainerClient container) {
        this.container = Objects.requireNonNull(container, "container");
    }

    @Override
    public void keep(Delivery delivery, String reason, Instant at) {
        byte[] record = AlertJson.deadLetter(delivery, reason, at).toString().getBytes(StandardCharsets.UTF_8);
        try {
            upload(nameOf(delivery, at), record);
        } catch (BlobStorageException e) {
            if (e.getErrorCode() != BlobErrorCode.CONTAINER_NOT_FOUND) {
                throw e;
            }
            // the first dead letter of a new deployment: create the container rather than lose the alert
            container.createIfNotExists();
            upload(nameOf(delivery, at), record);
        }
    }

    private void upload(String name, byte[] record) {
        container.getBlobClient(name).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(record))
                .setHeaders(new BlobHttpHeaders().setContentType("application/json")), null, null);
    }

    static String nameOf(Delivery delivery, Instant at) {
        String identity = delivery.alert().dedupeKey().value() + "|" + delivery.alert().state() + "|"
                + delivery.alert().changedAt() + "|" + delivery.channel().name() + "|" + delivery.action();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return PREFIX + DAY.format(at) + "/" + delivery.channel().name() + "-" + HexFormat.of().formatHex(digest, 0, 12) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/blobServices/containers/write",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write");
    }
}

package com.silenttalk.automation.azure.backup;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobImmutabilityPolicy;
import com.azure.storage.blob.models.BlobImmutabilityPolicyMode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The backup artifacts in one container: {@code dumps/<id>.dump} (the logical dump, its
 * facts in blob metadata) and {@code manifests/<id>.json} (the {@link SnapshotManifest}).
 */
public final class BackupBlobs {
    public static final String DUMPS = "dumps/";
    public static final String MANIFESTS = "manifests/";
    // blob metadata names must be C# identifiers: lowercase, no hyphens
    public static final String META_DATABASE = "stdatabase";
    public static final String META_CREATED_BY = "stcreatedby";
    public static final String META_CREATED_AT = "stcreatedat";
    public static final String META_COPIED_FROM = "stcopiedfrom";
    public static final String META_SHA256 = "stsha256";
    public static final String META_VERIFIED_COPY = "stverifiedcopy";
    public static final String META_VERIFICATION = "stverification";
    public static final String META_VERIFIED_AT = "stverifiedat";
    public static final String CREATED_BY_VALUE = "silenttalk-ops-automation";

    private final BlobContainerClient container;
    private final String region;

    public BackupBlobs(BlobContainerClient container, String region) {
        this.container = container;
        this.region = region;
    }

    public String region() {
        return region;
    }

    public BlobContainerClient container() {
        return container;
    }

    public BlobClient dump(SnapshotId id) {
        return container.getBlobClient(DUMPS + id.value() + ".dump");
    }

    public BlobClient manifestBlob(SnapshotId id) {
        return container.getBlobClient(MANIFESTS + id.value() + ".json");
    }

    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        try {
            BinaryData body = manifestBlob(id).downloadContent();
            return Optional.of(CoreRecordJson.read(body.toBytes(), SnapshotManifest.class));
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND || e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void putManifest(SnapshotManifest manifest) {
        manifestBlob(manifest.snapshotId()).upload(BinaryData.fromBytes(CoreRecordJson.bytes(manifest)), true);
    }

    /** Metadata of every dump in the container, by snapshot id; names that are not suite ids are left out. */
    public Map<SnapshotId, Map<String, String>> dumps() {
        Map<SnapshotId, Map<String, String>> out = new LinkedHashMap<>();
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(DUMPS)
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        for (BlobItem item : container.listBlobs(options, null)) {
            String name = item.getName().substring(DUMPS.length());
            if (!name.endsWith(".dump")) {
                continue;
            }
            try {
                SnapshotId id = new SnapshotId(name.substring(0, name.length() - ".dump".length()));
                out.put(id, item.getMetadata() == null ? Map.of() : Map.copyOf(item.getMetadata()));
            } catch (InvalidFieldException notOurs) {
                // a blob someone else put here: never listed, so never deleted
            }
        }
        return out;
    }

    public Optional<Map<String, String>> metadata(BlobClient blob) {
        try {
            return Optional.of(blob.getProperties().getMetadata());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Whether the snapshot's dump and manifest can be deleted at {@code now}, as Get Blob Properties reports their
     * immutability policies ({@code x-ms-immutability-policy-until-date} and {@code -mode}, inherited from the
     * account's version-level policy). Pruning deletes both, so the later lock counts; a policy that is not Locked
     * can still be shortened or removed, so the copy then counts as deletable by the suite.
     */
    public CopyLock lockOf(SnapshotId id, Instant now) {
        List<String> read = new ArrayList<>();
        Instant until = null;
        boolean allLocked = true;
        for (BlobClient blob : List.of(dump(id), manifestBlob(id))) {
            Optional<BlobImmutabilityPolicy> policy = immutabilityPolicy(blob);
            if (policy.isEmpty()) {
                read.add(blob.getBlobName() + " has no immutability policy");
                continue;
            }
            Instant expiry = policy.get().getExpiryTime().toInstant();
            read.add(blob.getBlobName() + " until " + expiry + " (" + policy.get().getPolicyMode() + ")");
            allLocked &= policy.get().getPolicyMode() == BlobImmutabilityPolicyMode.LOCKED;
            until = until == null || expiry.isAfter(until) ? expiry : until;
        }
        String evidence = "Get Blob Properties in " + region + ": " + String.join("; ", read);
        if (until == null || !until.isAfter(now)) {
            return CopyLock.notImmutable(evidence);
        }
        return CopyLock.until(until, allLocked ? "Locked" : "Unlocked", !allLocked, evidence);
    }

    /** The current version's time-based retention policy, or empty when it has none (or the blob is gone). */
    private static Optional<BlobImmutabilityPolicy> immutabilityPolicy(BlobClient blob) {
        try {
            BlobImmutabilityPolicy policy = blob.getProperties().getImmutabilityPolicy();
            return policy == null || policy.getExpiryTime() == null ? Optional.empty() : Optional.of(policy);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Streams the blob once and returns its SHA-256 (hex): the content, not a stored property. */
    public static String sha256Of(BlobClient blob) {
        MessageDigest digest = sha256();
        try (InputStream in = blob.openInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + blob.getBlobUrl() + " for its checksum", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

package com.silenttalk.automation.azure.backup;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupReplicator;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a snapshot's logical dump server-side from the primary storage account to the
 * paired region's account: a short read-only SAS on the source, then {@code beginCopy} at the
 * destination. Checksums are verified on both sides against the manifest: the source before
 * the copy, the destination after it. A destination that does not match is deleted and the
 * copy reported failed; only a matching copy is marked, listed, and counted as a replica.
 */
public final class BlobCrossAccountCopier implements BackupReplicator {
    static final Duration SAS_LIFETIME = Duration.ofHours(1);
    static final Duration COPY_CHECK_AGAIN = Duration.ofSeconds(30);

    private final BackupBlobs source;
    private final PairedRegionBlobStore destination;
    private final boolean sharedKeySas;
    private final Clock clock;

    /**
     * @param sharedKeySas sign the source SAS with the account key (azurite, local runs); otherwise
     *                     with a user delegation key of the managed identity
     */
    public BlobCrossAccountCopier(BackupBlobs source, PairedRegionBlobStore destination, boolean sharedKeySas, Clock clock) {
        this.source = source;
        this.destination = destination;
        this.sharedKeySas = sharedKeySas;
        this.clock = clock;
    }

    @Override
    public Progress<Snapshot> replicate(Snapshot snapshot, String targetRegion, Instant now) {
        if (!destination.region().equals(targetRegion)) {
            throw new InvalidFieldException("targetRegion", "this copier writes to " + destination.region()
                    + ", not " + targetRegion);
        }
        SnapshotManifest manifest = source.manifest(snapshot.id()).orElseThrow(() -> new BackupIntegrityException(
                "snapshot " + snapshot.ref() + " has no manifest in " + source.region() + ": nothing to copy"));
        BlobClient target = destination.blobs().dump(snapshot.id());
        Map<String, String> existing = destination.blobs().metadata(target).orElse(null);
        if (existing != null) {
            var replica = destination.toReplica(snapshot.id(), existing);
            if (replica.isPresent()) {
                return Progress.ready(replica.get());
            }
            CopyStatusType status = target.getProperties().getCopyStatus();
            if (status == CopyStatusType.PENDING) {
                return Progress.pending(COPY_CHECK_AGAIN, "copy of " + snapshot.ref() + " to " + targetRegion + " in progress");
            }
            return verifyDestination(snapshot, manifest, target, existing);
        }
        BlobClient from = source.dump(snapshot.id());
        String sourceSha = BackupBlobs.sha256Of(from);
        if (!sourceSha.equals(manifest.sha256())) {
            throw new BackupIntegrityException("source dump of " + snapshot.ref() + " has sha256 " + abbreviate(sourceSha)
                    + " but its manifest says " + abbreviate(manifest.sha256()) + "; not copied");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BackupBlobs.META_DATABASE, snapshot.database().value());
        metadata.put(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        metadata.put(BackupBlobs.META_CREATED_AT, snapshot.createdAt().toString());
        metadata.put(BackupBlobs.META_COPIED_FROM, snapshot.ref().toString());
        metadata.put(BackupBlobs.META_SHA256, manifest.sha256());
        SyncPoller<BlobCopyInfo, Void> copy = target.beginCopy(from.getBlobUrl() + "?" + readSas(from), metadata,
                null, null, null, null, COPY_CHECK_AGAIN);
        PollResponse<BlobCopyInfo> first = copy.poll();
        if (first.getStatus() == LongRunningOperationStatus.IN_PROGRESS
                || first.getStatus() == LongRunningOperationStatus.NOT_STARTED) {
            return Progress.pending(COPY_CHECK_AGAIN, "copy of " + snapshot.ref() + " to " + targetRegion + " started");
        }
        if (first.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            throw new IllegalStateException("copy of " + snapshot.ref() + " to " + targetRegion + " ended "
                    + first.getStatus() + ": " + (first.getValue() == null ? "" : first.getValue().getError()));
        }
        return verifyDestination(snapshot, manifest, target, destination.blobs().metadata(target).orElse(metadata));
    }

    private Progress<Snapshot> verifyDestination(Snapshot snapshot, SnapshotManifest manifest, BlobClient target,
                                                 Map<String, String> metadata) {
        String copiedSha = BackupBlobs.sha256Of(target);
        if (!copiedSha.equals(manifest.sha256())) {
            throw new BackupIntegrityException("copy of " + snapshot.ref() + " in " + destination.region()
                    + " has sha256 " + abbreviate(copiedSha) + " but the manifest says " + abbreviate(manifest.sha256())
                    + "; " + discard(target) + " and is not a replica");
        }
        Map<String, String> verified = new HashMap<>(metadata);
        verified.put(BackupBlobs.META_SHA256, manifest.sha256());
        verified.put(BackupBlobs.META_VERIFIED_COPY, copiedSha);
        verified.putIfAbsent(BackupBlobs.META_DATABASE, snapshot.database().value());
        verified.putIfAbsent(BackupBlobs.META_CREATED_AT, snapshot.createdAt().toString());
        verified.putIfAbsent(BackupBlobs.META_COPIED_FROM, snapshot.ref().toString());
        verified.putIfAbsent(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        target.setMetadata(verified);
        destination.blobs().putManifest(manifest);
        return Progress.ready(destination.toReplica(snapshot.id(), verified).orElseThrow(() ->
                new IllegalStateException("verified copy of " + snapshot.ref() + " has incomplete metadata")));
    }

    /** Deletes a copy that did not verify, unless its immutability policy keeps it (it is never marked verified). */
    private static String discard(BlobClient target) {
        try {
            target.deleteIfExists();
            return "the copy was deleted";
        } catch (BlobStorageException e) {
            if (e.getErrorCode() != BlobErrorCode.BLOB_IMMUTABLE_DUE_TO_POLICY) {
                throw e;
            }
            return "the copy stays under its immutability policy, never marked verified,";
        }
    }

    private String readSas(BlobClient from) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(now.plus(SAS_LIFETIME),
                new BlobSasPermission().setReadPermission(true)).setStartTime(now.minusMinutes(5));
        if (sharedKeySas) {
            return from.generateSas(values);
        }
        UserDelegationKey key = source.container().getServiceClient()
                .getUserDelegationKey(now.minusMinutes(5), now.plus(SAS_LIFETIME));
        return from.generateUserDelegationSas(values, key);
    }

    /** The data-plane calls {@link #replicate} makes for a new copy, for dry-runs. */
    public List<PlannedCall> plannedCopy(com.silenttalk.automation.core.backup.SnapshotId id) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("x-ms-copy-source", source.dump(id).getBlobUrl() + "?<read SAS, " + SAS_LIFETIME + ">");
        return List.of(new PlannedCall("blob", "GET", source.manifestBlob(id).getBlobUrl(), Map.of()),
                new PlannedCall("blob", "GET", source.dump(id).getBlobUrl(), Map.of("purpose", "sha256 of the source")),
                new PlannedCall("blob", "PUT (Copy Blob)", destination.blobs().dump(id).getBlobUrl(), copy),
                new PlannedCall("blob", "GET", destination.blobs().dump(id).getBlobUrl(), Map.of("purpose", "sha256 of the copy")),
                new PlannedCall("blob", "PUT", destination.blobs().manifestBlob(id).getBlobUrl(), Map.of()));
    }

    /** Every copy is hashed on the way and committed only when it matches the manifest. */
    @Override
    public boolean checksCopiedBytes() {
        return true;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
                "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action");
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}

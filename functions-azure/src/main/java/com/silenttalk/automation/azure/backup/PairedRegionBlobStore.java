package com.silenttalk.automation.azure.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotNotFoundException;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The copies in the paired region's storage account. Only copies whose checksum was verified
 * at the destination are listed: a copy that never matched is not a replica, so the retention
 * planner never counts it and never keeps a source on its account.
 */
public final class PairedRegionBlobStore implements SnapshotStore {
    private final BackupBlobs blobs;

    public PairedRegionBlobStore(BackupBlobs blobs) {
        this.blobs = blobs;
    }

    public BackupBlobs blobs() {
        return blobs;
    }

    @Override
    public String region() {
        return blobs.region();
    }

    /** Snapshots are made in the primary region; this region only receives copies. */
    @Override
    public Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        throw new UnsupportedOperationException("the paired region " + region() + " only receives copies; take "
                + id + " in the primary region");
    }

    @Override
    public List<Snapshot> list() {
        List<Snapshot> out = new ArrayList<>();
        blobs.dumps().forEach((id, metadata) -> toReplica(id, metadata).ifPresent(out::add));
        return out;
    }

    public Optional<Snapshot> replica(SnapshotId id) {
        return blobs.metadata(blobs.dump(id)).flatMap(m -> toReplica(id, m));
    }

    Optional<Snapshot> toReplica(SnapshotId id, Map<String, String> metadata) {
        String verifiedSha = metadata.get(BackupBlobs.META_VERIFIED_COPY);
        if (verifiedSha == null || !verifiedSha.equals(metadata.get(BackupBlobs.META_SHA256))) {
            return Optional.empty();
        }
        String database = metadata.get(BackupBlobs.META_DATABASE);
        String createdAt = metadata.get(BackupBlobs.META_CREATED_AT);
        if (database == null || createdAt == null) {
            return Optional.empty();
        }
        VerificationStatus verification = VerificationStatus.fromMark(metadata.get(BackupBlobs.META_VERIFICATION));
        Optional<SnapshotRef> copiedFrom = Optional.ofNullable(metadata.get(BackupBlobs.META_COPIED_FROM))
                .map(PairedRegionBlobStore::parseRef);
        boolean ours = BackupBlobs.CREATED_BY_VALUE.equals(metadata.get(BackupBlobs.META_CREATED_BY))
                && id.value().startsWith(SnapshotWindow.SUITE_PREFIX);
        return Optional.of(new Snapshot(id, new DatabaseId(database), region(), Instant.parse(createdAt), ours,
                verification, copiedFrom));
    }

    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        return blobs.manifest(id);
    }

    /** The copy's dump and manifest as their immutability policies protect them (read back with Get Blob Properties). */
    @Override
    public CopyLock lockOf(Snapshot snapshot, Instant now) {
        return blobs.lockOf(snapshot.id(), now);
    }

    @Override
    public void delete(Snapshot snapshot) {
        Optional<Map<String, String>> held = blobs.metadata(blobs.dump(snapshot.id()));
        if (held.isEmpty()) {
            blobs.manifestBlob(snapshot.id()).deleteIfExists(); // the dump went first in a delete that stopped halfway
            return; // already gone (a retried prune): done
        }
        Map<String, String> metadata = held.get();
        if (!BackupBlobs.CREATED_BY_VALUE.equals(metadata.get(BackupBlobs.META_CREATED_BY))) {
            throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": it does not carry "
                    + BackupBlobs.META_CREATED_BY + "=" + BackupBlobs.CREATED_BY_VALUE);
        }
        blobs.dump(snapshot.id()).deleteIfExists();
        blobs.manifestBlob(snapshot.id()).deleteIfExists();
    }

    @Override
    public void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        var dump = blobs.dump(id);
        Map<String, String> metadata = new HashMap<>(blobs.metadata(dump).orElseThrow(() ->
                new SnapshotNotFoundException(id, "region " + region(), "mark " + status)));
        metadata.put(BackupBlobs.META_VERIFICATION, status.name());
        metadata.put(BackupBlobs.META_VERIFIED_AT, at.toString());
        dump.setMetadata(metadata);
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete");
    }

    static SnapshotRef parseRef(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new InvalidFieldException(BackupBlobs.META_COPIED_FROM, UntrustedText.quoted(text) + " must be region/snapshot-id");
        }
        return new SnapshotRef(text.substring(0, slash), new SnapshotId(text.substring(slash + 1)));
    }
}

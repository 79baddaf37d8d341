package com.silenttalk.automation.azure.backup;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a logical dump to Blob storage in the primary region, hashing it while it streams,
 * then writes its manifest with that SHA-256 and size. The dump goes first: a manifest only
 * ever describes an artifact that is fully there.
 */
public final class BlobDumpExporter {
    private final BackupBlobs primary;

    public BlobDumpExporter(BackupBlobs primary) {
        this.primary = primary;
    }

    /** What the dump's source measured at its consistent point (everything but the checksum). */
    public record DumpFacts(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint, String serverVersion,
                            String schemaFingerprint, Map<String, Long> rowCounts) {
    }

    public SnapshotManifest export(DumpFacts facts, InputStream dump) {
        MessageDigest digest = BackupBlobs.sha256();
        CountingDigestStream counted = new CountingDigestStream(dump, digest);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BackupBlobs.META_DATABASE, facts.database().value());
        metadata.put(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        metadata.put(BackupBlobs.META_CREATED_AT, facts.consistentPoint().toString());
        BlobClient blob = primary.dump(facts.snapshotId());
        blob.uploadWithResponse(new BlobParallelUploadOptions(counted).setMetadata(metadata), null, null);
        String sha = HexFormat.of().formatHex(digest.digest());
        metadata.put(BackupBlobs.META_SHA256, sha);
        blob.setMetadata(metadata);
        SnapshotManifest manifest = new SnapshotManifest(facts.snapshotId(), facts.database(), facts.consistentPoint(),
                facts.serverVersion(), facts.schemaFingerprint(), facts.rowCounts(), sha, counted.count);
        primary.putManifest(manifest);
        return manifest;
    }

    private static final class CountingDigestStream extends DigestInputStream {
        long count;

        CountingDigestStream(InputStream in, MessageDigest digest) {
            super(in, digest);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

}

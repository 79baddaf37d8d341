package com.silenttalk.automation.azure.backup;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams a logical dump into Blob storage in the primary region, hashing it on the way, then
 * writes its manifest with that SHA-256 and size. The dump goes first: a manifest only ever
 * describes an artifact that is fully there. The dump is staged as blocks of
 * {@link #BLOCK_BYTES} (one buffer, so memory does not grow with the database) and the block
 * list is committed only when the producer finished: a failed dump never replaces a good blob,
 * and its uncommitted blocks expire on their own.
 */
public final class BlobDumpExporter {
    static final int BLOCK_BYTES = 4 << 20;

    private final BackupBlobs primary;
    private final int blockBytes;

    public BlobDumpExporter(BackupBlobs primary) {
        this(primary, BLOCK_BYTES);
    }

    /** Smaller blocks: tests see a dump staged as many blocks without writing megabytes. */
    BlobDumpExporter(BackupBlobs primary, int blockBytes) {
        this.primary = primary;
        this.blockBytes = blockBytes;
    }

    /** What the dump's source measured at its consistent point (everything but the checksum). */
    public record DumpFacts(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint, String serverVersion,
                            String schemaFingerprint, Map<String, Long> rowCounts, ObjectInventory objects) {
        /** Facts without an object inventory: the manifest then has no per-object checks. */
        public DumpFacts(SnapshotId snapshotId, DatabaseId database, Instant consistentPoint, String serverVersion,
                         String schemaFingerprint, Map<String, Long> rowCounts) {
            this(snapshotId, database, consistentPoint, serverVersion, schemaFingerprint, rowCounts, ObjectInventory.NONE);
        }
    }

    /** Writes the dump into the stream it is given (and must not close it); returns what it measured. */
    @FunctionalInterface
    public interface DumpProducer {
        DumpFacts writeTo(OutputStream out) throws IOException;
    }

    /** A dump made elsewhere, read from {@code dump}. */
    public SnapshotManifest export(DumpFacts facts, InputStream dump) {
        return export(facts.snapshotId(), facts.database(), out -> {
            dump.transferTo(out);
            return facts;
        });
    }

    public SnapshotManifest export(SnapshotId id, DatabaseId database, DumpProducer producer) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BackupBlobs.META_DATABASE, database.value());
        metadata.put(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        BlockBlobClient blob = primary.dump(id).getBlockBlobClient();
        StagedBlocks staged = new StagedBlocks(blob, blockBytes, n -> String.format("block-%08d", n));
        MessageDigest digest = BackupBlobs.sha256();
        CountingDigestStream counted = new CountingDigestStream(staged, digest);
        DumpFacts facts;
        try {
            facts = producer.writeTo(counted);
            if (!facts.snapshotId().equals(id) || !facts.database().equals(database)) {
                throw new IllegalStateException("the dump producer describes " + facts.snapshotId() + " of "
                        + facts.database() + ", not " + id + " of " + database);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("streaming the dump of " + database + " into " + blob.getBlobUrl(), e);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        metadata.put(BackupBlobs.META_CREATED_AT, facts.consistentPoint().toString());
        metadata.put(BackupBlobs.META_SHA256, sha);
        staged.commit(metadata); // only now does the blob change
        SnapshotManifest manifest = new SnapshotManifest(id, database, facts.consistentPoint(), facts.serverVersion(),
                facts.schemaFingerprint(), facts.rowCounts(), sha, counted.count, null, null, facts.objects());
        primary.putManifest(manifest);
        return manifest;
    }

    /** What one part of a dump in parts staged: its block ids in order, and its bytes. */
    public record StagedPart(List<String> blockIds, long bytes) {
        public StagedPart {
            blockIds = List.copyOf(blockIds);
        }
    }

    /**
     * Stages one part of a dump in parts as blocks named {@code part-<index>-<n>}: a retried part stages the same
     * ids again and so replaces its own blocks. Nothing is committed: {@link #commitParts} does, once every part is.
     */
    public StagedPart stagePart(SnapshotId id, int index, DumpProducer producer) {
        if (index < 0 || index > 999_999) {
            throw new IllegalArgumentException("part index must be 0-999999, got " + index);
        }
        BlockBlobClient blob = primary.dump(id).getBlockBlobClient();
        StagedBlocks staged = new StagedBlocks(blob, blockBytes, n -> String.format("part-%06d-%06d", index, n));
        CountingDigestStream counted = new CountingDigestStream(staged, BackupBlobs.sha256());
        try {
            producer.writeTo(counted);
        } catch (IOException e) {
            throw new UncheckedIOException("staging part " + index + " of " + id + " into " + blob.getBlobUrl(), e);
        }
        staged.stage();
        return new StagedPart(staged.blockIds, counted.count);
    }

    /** The block ids staged and not yet committed on the dump's blob (none when it has none). */
    public java.util.Set<String> uncommittedBlocks(SnapshotId id) {
        BlockBlobClient blob = primary.dump(id).getBlockBlobClient();
        try {
            return blob.listBlocks(com.azure.storage.blob.models.BlockListType.UNCOMMITTED).getUncommittedBlocks().stream()
                    .map(com.azure.storage.blob.models.Block::getName).collect(java.util.stream.Collectors.toSet());
        } catch (com.azure.storage.blob.models.BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return java.util.Set.of();
            }
            throw e;
        }
    }

    /**
     * Commits the parts' blocks, in order, as the dump; then reads it back for its SHA-256 and size (the parts were
     * hashed apart), records them on the blob and writes the manifest last: a reader never sees a manifest without the
     * whole dump. {@code facts} carries everything else the manifest says.
     */
    public SnapshotManifest commitParts(DumpFacts facts, List<StagedPart> parts) {
        List<String> blockIds = parts.stream().flatMap(p -> p.blockIds().stream()).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(BackupBlobs.META_DATABASE, facts.database().value());
        metadata.put(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        metadata.put(BackupBlobs.META_CREATED_AT, facts.consistentPoint().toString());
        com.azure.storage.blob.BlobClient dump = primary.dump(facts.snapshotId());
        dump.getBlockBlobClient().commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds).setMetadata(metadata)
                .setHeaders(new BlobHttpHeaders().setContentType("application/octet-stream")), null, null);
        String sha = BackupBlobs.sha256Of(dump);
        long size = dump.getProperties().getBlobSize();
        long staged = parts.stream().mapToLong(StagedPart::bytes).sum();
        if (size != staged) {
            throw new IllegalStateException("the committed dump of " + facts.database() + " holds " + size
                    + " bytes, its parts staged " + staged + ": no manifest written");
        }
        metadata.put(BackupBlobs.META_SHA256, sha);
        dump.setMetadata(metadata);
        SnapshotManifest manifest = new SnapshotManifest(facts.snapshotId(), facts.database(), facts.consistentPoint(),
                facts.serverVersion(), facts.schemaFingerprint(), facts.rowCounts(), sha, size, null, null, facts.objects());
        primary.putManifest(manifest);
        return manifest;
    }

    /** Stages each full buffer as one block; {@link #commit} makes them the blob. */
    private static final class StagedBlocks extends OutputStream {
        private final BlockBlobClient blob;
        private final byte[] buffer;
        private final java.util.function.IntFunction<String> blockName;
        private final List<String> blockIds = new ArrayList<>();
        private int filled;

        StagedBlocks(BlockBlobClient blob, int blockBytes, java.util.function.IntFunction<String> blockName) {
            this.blob = blob;
            this.buffer = new byte[blockBytes];
            this.blockName = blockName;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == buffer.length) {
                    stage();
                }
            }
        }

        @Override
        public void flush() {
            // blocks are staged when full; a producer's flush must not make them small
        }

        /** Stages what is buffered; block ids are of equal length, as the service requires. */
        private void stage() {
            if (filled == 0) {
                return;
            }
            String blockId = Base64.getEncoder().encodeToString(
                    blockName.apply(blockIds.size()).getBytes(StandardCharsets.US_ASCII));
            blob.stageBlock(blockId, BinaryData.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
            blockIds.add(blockId);
            filled = 0;
        }

        /** At most 50,000 blocks: 200 GiB of compressed dump. */
        void commit(Map<String, String> metadata) {
            stage();
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds).setMetadata(metadata)
                    .setHeaders(new BlobHttpHeaders().setContentType("application/octet-stream")), null, null);
        }
    }

    private static final class CountingDigestStream extends FilterOutputStream {
        private final MessageDigest digest;
        long count;

        CountingDigestStream(OutputStream out, MessageDigest digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            digest.update(buffer, offset, length);
            count += length;
        }

        @Override
        public void close() {
            // the exporter commits; a producer closing the stream must not
        }
    }
}

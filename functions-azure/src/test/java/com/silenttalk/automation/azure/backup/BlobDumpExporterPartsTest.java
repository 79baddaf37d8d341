package com.silenttalk.automation.azure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.BlockListType;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The staging half of the dump in parts, against azurite: deterministic block ids, commit in order, manifest last. */
@ExtendWith(Azurite.class)
class BlobDumpExporterPartsTest {
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final Instant POINT = Instant.parse("2026-03-01T06:00:02Z");

    BackupBlobs blobs;
    BlobDumpExporter exporter;

    @BeforeEach
    void start(Azurite.Accounts accounts) {
        var container = TestAzure.clients().container(accounts.primary(), "backups-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        blobs = new BackupBlobs(container, "westeurope");
        exporter = new BlobDumpExporter(blobs, 16);
    }

    BlobDumpExporter.StagedPart stage(int index, String text) {
        return exporter.stagePart(ID, index, out -> {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }

    BlobDumpExporter.DumpFacts facts() {
        return new BlobDumpExporter.DumpFacts(ID, ORDERS, POINT, "15.8", "fp", Map.of("public.events", 3L));
    }

    @Test
    void stagePart_whenAPartIsStagedAgain_replacesItsOwnBlocksAndTheCommitHoldsTheLastAttempt() {
        BlobDumpExporter.StagedPart head = stage(0, "HEAD");
        stage(1, "first attempt of part one, longer than a block");
        BlobDumpExporter.StagedPart retried = stage(1, "part one, retried");
        BlobDumpExporter.StagedPart tail = stage(2, "TAIL");

        assertThat(exporter.uncommittedBlocks(ID)).containsAll(retried.blockIds()).containsAll(head.blockIds());
        assertThat(blobs.manifest(ID)).isEmpty();
        SnapshotManifest manifest = exporter.commitParts(facts(), List.of(head, retried, tail));

        assertThat(blobs.dump(ID).downloadContent().toString()).isEqualTo("HEADpart one, retriedTAIL");
        assertThat(blobs.dump(ID).getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks())
                .hasSize(head.blockIds().size() + retried.blockIds().size() + tail.blockIds().size());
        assertThat(manifest.sizeBytes()).isEqualTo(25);
        assertThat(manifest.sha256()).isEqualTo(BackupBlobs.sha256Of(blobs.dump(ID)));
        assertThat(blobs.dump(ID).getProperties().getMetadata()).containsEntry(BackupBlobs.META_SHA256, manifest.sha256());
        assertThat(blobs.manifest(ID)).contains(manifest);
        assertThat(exporter.uncommittedBlocks(ID)).as("the first attempt's extra block is dropped by the commit").isEmpty();
    }

    @Test
    void commitParts_whenAPartsBlocksAreGone_failsAndWritesNoManifest() {
        BlobDumpExporter.StagedPart head = stage(0, "HEAD");
        BlobDumpExporter.StagedPart missing = new BlobDumpExporter.StagedPart(List.of(java.util.Base64.getEncoder()
                .encodeToString("part-000001-000000".getBytes(StandardCharsets.US_ASCII))), 10);

        assertThatThrownBy(() -> exporter.commitParts(facts(), List.of(head, missing))).hasMessageContaining("InvalidBlockList");
        assertThat(blobs.manifest(ID)).isEmpty();
    }
}

package com.silenttalk.automation.azure.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.testing.Azurite;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.core.workflow.Progress;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Azurite.class)
class BlobCrossAccountCopierTest {
    static final Instant NOW = Instant.parse("2026-03-01T06:05:00Z");
    static final DatabaseId ORDERS = new DatabaseId("orders");
    static final SnapshotId ID = new SnapshotId("st-auto-orders-20260301t0600z");
    static final Snapshot SOURCE = new Snapshot(ID, ORDERS, "westeurope", Instant.parse("2026-03-01T06:01:09Z"), true,
            VerificationStatus.UNVERIFIED, Optional.empty());
    static final byte[] DUMP = "PGDMP fake custom-format dump of orders\n".repeat(2000).getBytes(StandardCharsets.UTF_8);

    BackupBlobs primary;
    PairedRegionBlobStore paired;
    BlobCrossAccountCopier copier;
    SnapshotManifest manifest;

    @BeforeEach
    void accounts(Azurite.Accounts accounts) {
        AzureClients clients = TestAzure.clients();
        String container = "backups-" + UUID.randomUUID().toString().substring(0, 8);
        var source = clients.container(accounts.primary(), container);
        source.create();
        var destination = clients.container(accounts.paired(), container);
        destination.create();
        primary = new BackupBlobs(source, "westeurope");
        paired = new PairedRegionBlobStore(new BackupBlobs(destination, "northeurope"));
        // the SAS is checked by the server against its own clock, so it is signed with the real one
        copier = new BlobCrossAccountCopier(primary, paired, true, java.time.Clock.systemUTC());
        manifest = new BlobDumpExporter(primary).export(new BlobDumpExporter.DumpFacts(ID, ORDERS,
                Instant.parse("2026-03-01T06:00:02Z"), "16.4", "fp-1", Map.of("public.orders", 3L)),
                new ByteArrayInputStream(DUMP));
    }

    @Test
    void export_whenDumpStreams_writesTheManifestWithItsSha256AndSize() {
        assertThat(manifest.sizeBytes()).isEqualTo(DUMP.length);
        assertThat(manifest.sha256()).isEqualTo(BackupBlobs.sha256Of(primary.dump(ID)));
        assertThat(primary.manifest(ID)).contains(manifest);
    }

    @Test
    void replicate_whenSourceMatchesItsManifest_copiesAcrossAccountsAndVerifiesTheDestination() {
        Progress<Snapshot> progress = copier.replicate(SOURCE, "northeurope", NOW);
        for (int i = 0; i < 10 && progress instanceof Progress.Pending; i++) {
            progress = copier.replicate(SOURCE, "northeurope", NOW);
        }

        assertThat(progress).isInstanceOfSatisfying(Progress.Ready.class, r -> {
            Snapshot copy = (Snapshot) r.value();
            assertThat(copy.region()).isEqualTo("northeurope");
            assertThat(copy.copiedFrom()).contains(SOURCE.ref());
        });
        assertThat(BackupBlobs.sha256Of(paired.blobs().dump(ID))).isEqualTo(manifest.sha256());
        assertThat(paired.manifest(ID)).contains(manifest);
        assertThat(paired.list()).extracting(Snapshot::id).containsExactly(ID);
    }

    @Test
    void replicate_whenSourceDumpDiffersFromItsManifest_refusesToCopy() {
        primary.dump(ID).upload(BinaryData.fromString("truncated"), true);

        assertThatThrownBy(() -> copier.replicate(SOURCE, "northeurope", NOW))
                .isInstanceOf(BackupIntegrityException.class).hasMessageContaining("source dump");
        assertThat(paired.blobs().dump(ID).exists()).isFalse();
    }

    @Test
    void replicate_whenDestinationChecksumDiffers_reportsFailedAndCountsNoReplica() {
        paired.blobs().dump(ID).upload(BinaryData.fromString("bytes that are not the dump"), true);
        InMemoryRunLedger ledger = new InMemoryRunLedger();
        ReplicateSnapshot audited = new ReplicateSnapshot(copier, ledger, new ManualClock(NOW));

        assertThatThrownBy(() -> audited.execute(SOURCE, BackupPolicy.defaults(List.of("northeurope"))))
                .isInstanceOf(BackupIntegrityException.class).hasMessageContaining("not a replica");
        assertThat(paired.list()).isEmpty();
        assertThat(paired.blobs().dump(ID).exists()).isFalse();
        assertThat(ledger.records()).allSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(Outcome.SUCCEEDED));
    }

    @Test
    void replicate_whenAskedAgainAfterACopy_returnsTheSameReplicaWithoutCopying() {
        Progress<Snapshot> first = copier.replicate(SOURCE, "northeurope", NOW);
        for (int i = 0; i < 10 && first instanceof Progress.Pending; i++) {
            first = copier.replicate(SOURCE, "northeurope", NOW);
        }
        String etag = paired.blobs().dump(ID).getProperties().getETag();

        Progress<Snapshot> again = copier.replicate(SOURCE, "northeurope", NOW);

        assertThat(again).isEqualTo(first);
        assertThat(paired.blobs().dump(ID).getProperties().getETag()).isEqualTo(etag);
    }
}

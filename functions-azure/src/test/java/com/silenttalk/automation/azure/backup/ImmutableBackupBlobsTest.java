package com.silenttalk.automation.azure.backup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.StorageAccount;
import com.silenttalk.automation.azure.testing.ArmApi;
import com.silenttalk.automation.azure.testing.TestAzure;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Immutability;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blobs under an immutability policy, as the Blob service reports them: azurite does not implement immutability
 * (its Set Blob Immutability Policy answers 501), so WireMock on 127.0.0.1 speaks the Blob REST protocol here: List
 * Blobs XML, Get Blob Properties with {@code x-ms-immutability-policy-until-date} and {@code -mode}, Delete Blob,
 * and the 409 {@code BlobImmutableDueToPolicy} a real account answers when a protected version is deleted.
 */
class ImmutableBackupBlobsTest {
    static final Instant NOW = Instant.parse("2026-03-01T04:00:00Z");
    static final String ACCOUNT = "stpaired";
    static final String CONTAINER = "backups";
    static final SnapshotId EXPIRED = new SnapshotId("st-auto-orders-20260120t0000z");
    static final SnapshotId LOCKED = new SnapshotId("st-auto-orders-20260121t0000z");
    static final SnapshotId LOCK_ENDED = new SnapshotId("st-auto-orders-20260122t0000z");
    static final SnapshotId UNLOCKED_POLICY = new SnapshotId("st-auto-orders-20260123t0000z");
    static final Instant LOCKED_UNTIL = NOW.plus(Duration.ofDays(5));
    static final String SHA = "a".repeat(64);

    WireMockServer blob;
    AzureClients clients;
    BackupBlobs blobs;

    @BeforeEach
    void start() {
        blob = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        blob.start();
        // no retries: an unexpected answer fails the test at once instead of waiting out a backoff
        clients = new AzureClients(TestAzure.credential(), new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
        String endpoint = "http://127.0.0.1:" + blob.port() + "/" + ACCOUNT;
        StorageAccount account = new StorageAccount(ACCOUNT, endpoint, endpoint,
                Optional.of(Base64.getEncoder().encodeToString("wiremock-account-key".getBytes(StandardCharsets.US_ASCII))));
        blobs = new BackupBlobs(clients.container(account, CONTAINER), "northeurope");
        // anything not stubbed is a request the code should not make
        blob.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500)));
    }

    @AfterEach
    void stop() {
        blob.stop();
    }

    @Test
    void lockOf_whenDumpAndManifestAreLocked_reportsTheLaterLockAndThatTheSuiteCannotDeleteIt() {
        stubProperties("dumps/" + LOCKED.value() + ".dump", Optional.of(LOCKED_UNTIL), "locked");
        stubProperties("manifests/" + LOCKED.value() + ".json", Optional.of(LOCKED_UNTIL.plusSeconds(90)), "locked");

        CopyLock lock = blobs.lockOf(LOCKED, NOW);

        assertThat(lock.immutability()).isEqualTo(Immutability.IMMUTABLE);
        assertThat(lock.retainUntil()).isEqualTo(LOCKED_UNTIL.plusSeconds(90));
        assertThat(lock.mode()).isEqualTo("Locked");
        assertThat(lock.deletableBySuite()).isFalse();
        assertThat(lock.evidence()).isEqualTo("Get Blob Properties in northeurope: dumps/" + LOCKED.value()
                + ".dump until 2026-03-06T04:00:00Z (Locked); manifests/" + LOCKED.value() + ".json until 2026-03-06T04:01:30Z (Locked)");
    }

    @Test
    void lockOf_whenThePolicyIsUnlocked_countsTheCopyAsDeletableBySuite() {
        stubProperties("dumps/" + UNLOCKED_POLICY.value() + ".dump", Optional.of(LOCKED_UNTIL), "unlocked");
        stubProperties("manifests/" + UNLOCKED_POLICY.value() + ".json", Optional.empty(), null);

        CopyLock lock = blobs.lockOf(UNLOCKED_POLICY, NOW);

        assertThat(lock.holdsAt(NOW)).isTrue();
        assertThat(lock.mode()).isEqualTo("Unlocked");
        assertThat(lock.deletableBySuite()).isTrue();
    }

    @Test
    void lockOf_whenThePolicyHasEndedOrThereIsNone_reportsNotImmutable() {
        stubProperties("dumps/" + LOCK_ENDED.value() + ".dump", Optional.of(NOW.minusSeconds(1)), "locked");
        stubProperties("manifests/" + LOCK_ENDED.value() + ".json", Optional.empty(), null);

        CopyLock lock = blobs.lockOf(LOCK_ENDED, NOW);

        assertThat(lock.immutability()).isEqualTo(Immutability.NOT_IMMUTABLE);
        assertThat(lock.evidence()).contains("manifests/" + LOCK_ENDED.value() + ".json has no immutability policy");
    }

    @Test
    void prune_whenExpiredCopiesAreLockedOrNot_deletesOnlyTheUnlockedOnesAndPlansTheLockedAsLockedUntil() {
        PairedRegionBlobStore paired = new PairedRegionBlobStore(blobs);
        stubList(EXPIRED, LOCKED, LOCK_ENDED);
        for (SnapshotId id : List.of(EXPIRED, LOCK_ENDED)) {
            Optional<Instant> until = id.equals(LOCK_ENDED) ? Optional.of(NOW.minus(Duration.ofDays(1))) : Optional.empty();
            stubProperties("dumps/" + id.value() + ".dump", until, "locked");
            stubProperties("manifests/" + id.value() + ".json", until, "locked");
            stubDeleted("dumps/" + id.value() + ".dump");
            stubDeleted("manifests/" + id.value() + ".json");
        }
        stubProperties("dumps/" + LOCKED.value() + ".dump", Optional.of(LOCKED_UNTIL), "locked");
        stubProperties("manifests/" + LOCKED.value() + ".json", Optional.of(LOCKED_UNTIL), "locked");
        stubImmutable("dumps/" + LOCKED.value() + ".dump");
        stubImmutable("manifests/" + LOCKED.value() + ".json");

        PruneSnapshots.Result result = new PruneSnapshots(List.of(paired), new InMemoryRunLedger(),
                Clock.fixed(NOW, ZoneOffset.UTC)).execute(new BackupPolicy(Duration.ofHours(6), Duration.ofDays(30), 1,
                List.of()), false);

        assertThat(result.deleted()).extracting(Snapshot::id).containsExactly(EXPIRED, LOCK_ENDED);
        assertThat(result.failures()).isEmpty();
        Snapshot locked = result.plan().keep().stream().filter(s -> s.id().equals(LOCKED)).findFirst().orElseThrow();
        assertThat(result.plan().reasonFor(locked)).startsWith("locked until 2026-03-06T04:00:00Z (Locked), past retention");
        blob.verify(0, deleteRequestedFor(urlPathEqualTo(path("dumps/" + LOCKED.value() + ".dump"))));
        blob.verify(0, deleteRequestedFor(urlPathEqualTo(path("manifests/" + LOCKED.value() + ".json"))));
        blob.verify(1, deleteRequestedFor(urlPathEqualTo(path("dumps/" + EXPIRED.value() + ".dump"))));
        blob.verify(1, deleteRequestedFor(urlPathEqualTo(path("manifests/" + LOCK_ENDED.value() + ".json"))));
    }

    @Test
    void primaryDelete_whenTheDumpIsStillLocked_refusesBeforeDeletingTheServersBackup() {
        ArmApi arm = new ArmApi();
        try {
            FlexibleServerBackupStore primary = new FlexibleServerBackupStore(
                    TestAzure.arm(clients, arm.baseUrl(), new TestAzure.RecordingSleeper(), 3), TestAzure.SERVERS,
                    "westeurope", Set.of(new DatabaseId("orders")), blobs, (database, id) -> null,
                    Clock.fixed(NOW, ZoneOffset.UTC));
            stubProperties("dumps/" + LOCKED.value() + ".dump", Optional.of(LOCKED_UNTIL), "locked");
            stubProperties("manifests/" + LOCKED.value() + ".json", Optional.of(LOCKED_UNTIL), "locked");
            Snapshot snapshot = new Snapshot(LOCKED, new DatabaseId("orders"), "westeurope", NOW.minus(Duration.ofDays(40)),
                    true, VerificationStatus.UNVERIFIED, Optional.empty());

            assertThatThrownBy(() -> primary.delete(snapshot)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("refusing to delete westeurope/" + LOCKED.value() + ": immutable until 2026-03-06T04:00:00Z (Locked)");
            assertThat(arm.server.getAllServeEvents()).as("no ARM call at all").isEmpty();
            blob.verify(0, deleteRequestedFor(anyUrl()));
        } finally {
            arm.close();
        }
    }

    // ---- the Blob service, as documented -------------------------------------------------------

    /** A blob's URL path as the SDK sends it: the name's slashes percent-encoded. */
    private static String path(String blobName) {
        return "/" + ACCOUNT + "/" + CONTAINER + "/" + blobName.replace("/", "%2F");
    }

    private static String http(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static ResponseDefinitionBuilder serviceHeaders(ResponseDefinitionBuilder response) {
        return response.withHeader("x-ms-request-id", "6f1d2c3a-201e-0042-6b2a-6a0b3c000000")
                .withHeader("x-ms-version", "2025-01-05").withHeader("Date", http(NOW));
    }

    /** Get Blob Properties (HEAD): a verified suite copy's metadata, and the version's immutability policy if any. */
    private void stubProperties(String blobName, Optional<Instant> until, String mode) {
        ResponseDefinitionBuilder response = serviceHeaders(aResponse().withStatus(200))
                .withHeader("Last-Modified", http(NOW.minus(Duration.ofDays(40))))
                .withHeader("x-ms-creation-time", http(NOW.minus(Duration.ofDays(40))))
                .withHeader("ETag", "\"0x8DC1A2B3C4D5E6F\"")
                .withHeader("Content-Type", "application/octet-stream")
                .withHeader("x-ms-blob-type", "BlockBlob")
                .withHeader("x-ms-server-encrypted", "true")
                .withHeader("x-ms-legal-hold", "false")
                .withHeader("x-ms-meta-" + BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE);
        if (until.isPresent()) {
            response.withHeader("x-ms-immutability-policy-until-date", http(until.get()))
                    .withHeader("x-ms-immutability-policy-mode", mode);
        }
        blob.stubFor(head(urlPathEqualTo(path(blobName))).willReturn(response));
    }

    private void stubDeleted(String blobName) {
        blob.stubFor(delete(urlPathEqualTo(path(blobName)))
                .willReturn(serviceHeaders(aResponse().withStatus(202)).withHeader("x-ms-delete-type-permanent", "false")));
    }

    private void stubImmutable(String blobName) {
        blob.stubFor(delete(urlPathEqualTo(path(blobName))).willReturn(serviceHeaders(aResponse().withStatus(409))
                .withHeader("x-ms-error-code", "BlobImmutableDueToPolicy")
                .withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobImmutableDueToPolicy</Code>"
                        + "<Message>This operation is not permitted as the blob is immutable due to a policy.</Message></Error>")));
    }

    /** List Blobs of dumps/ with metadata: each a verified copy the suite made, 40 days old. */
    private void stubList(SnapshotId... ids) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"http://127.0.0.1:"
                + blob.port() + "/" + ACCOUNT + "/\" ContainerName=\"" + CONTAINER + "\"><Prefix>dumps/</Prefix><Blobs>");
        for (SnapshotId id : ids) {
            xml.append("<Blob><Name>dumps/").append(id.value()).append(".dump</Name><Properties>")
                    .append("<Creation-Time>").append(http(NOW.minus(Duration.ofDays(40)))).append("</Creation-Time>")
                    .append("<Last-Modified>").append(http(NOW.minus(Duration.ofDays(40)))).append("</Last-Modified>")
                    .append("<Etag>0x8DC1A2B3C4D5E6F</Etag><Content-Length>4</Content-Length>")
                    .append("<Content-Type>application/octet-stream</Content-Type><BlobType>BlockBlob</BlobType>")
                    .append("<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>")
                    .append("<ServerEncrypted>true</ServerEncrypted></Properties><Metadata>")
                    .append(meta(BackupBlobs.META_DATABASE, "orders"))
                    .append(meta(BackupBlobs.META_CREATED_BY, BackupBlobs.CREATED_BY_VALUE))
                    .append(meta(BackupBlobs.META_CREATED_AT, NOW.minus(Duration.ofDays(40)).toString()))
                    .append(meta(BackupBlobs.META_COPIED_FROM, "westeurope/" + id.value()))
                    .append(meta(BackupBlobs.META_SHA256, SHA))
                    .append(meta(BackupBlobs.META_VERIFIED_COPY, SHA))
                    .append("</Metadata></Blob>");
        }
        xml.append("</Blobs><NextMarker /></EnumerationResults>");
        blob.stubFor(get(urlPathEqualTo("/" + ACCOUNT + "/" + CONTAINER)).withQueryParam("comp", equalTo("list"))
                .willReturn(serviceHeaders(aResponse().withStatus(200)).withHeader("Content-Type", "application/xml")
                        .withBody(xml.toString())));
    }

    private static String meta(String name, String value) {
        return "<" + name + ">" + value + "</" + name + ">";
    }
}

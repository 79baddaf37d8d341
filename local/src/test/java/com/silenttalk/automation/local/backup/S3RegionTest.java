package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Immutability;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;

/**
 * opsctl's S3 region against a real S3 server (S3Mock on 127.0.0.1): what goes over the wire on every PUT, what is
 * read back, and what the pruner may delete. S3Mock keeps the retention PutObjectRetention sets but not the one PUT
 * headers ask for, and enforces no lock: so the headers are asserted on the wire, the locks read back, and "never
 * deleted" is the absence of any DELETE request for a locked snapshot.
 */
@ExtendWith(S3Mock.class)
class S3RegionTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final DatabaseId CHAT = new DatabaseId("chat");
    private static final Duration RETENTION = Duration.ofDays(30);
    /** S3 refuses a retain-until in the past, so the tests' snapshots are dated from the real time. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** One HTTP request as it left the SDK: method, path and query, headers. */
    record Sent(String method, String path, String query, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        boolean isObjectPut() {
            return method.equals("PUT") && (query == null || query.isEmpty());
        }
    }

    @TempDir
    Path work;
    private final List<Sent> sent = new ArrayList<>();
    private S3Client s3;
    private String bucket;
    private DirectoryRegion primary;

    @BeforeEach
    void connect(LocalProcessServer server) {
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest r = context.httpRequest();
                synchronized (sent) {
                    sent.add(new Sent(r.method().name(), r.encodedPath(), r.encodedQueryParameters().orElse(""), r.headers()));
                }
            }
        };
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture)).build();
        bucket = "offsite-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime();
        primary = DirectoryRegion.replicaOnly("primary", work.resolve("primary"));
    }

    private void createBucket(boolean objectLock) {
        s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(objectLock));
        sent.clear();
    }

    private S3Region region(String mode, Clock clock) {
        return region(mode, RETENTION, clock);
    }

    private S3Region region(String mode, Duration lockRetention, Clock clock) {
        return new S3Region("dr", s3, new OpsConfig.Bucket(bucket, "offsite/chat"), mode, lockRetention, clock);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private Snapshot dumped(String id, Instant createdAt) throws Exception {
        return DumpedSnapshots.dumped(primary, CHAT, id, createdAt);
    }

    private Snapshot copy(S3Region region, Snapshot source) {
        Progress<Snapshot> copied = new RegionReplicator(List.of(primary, region)).replicate(source, "dr", NOW);
        return ((Progress.Ready<Snapshot>) copied).value();
    }

    private ObjectLockRetention retentionOf(String key) {
        return s3.getObjectRetention(r -> r.bucket(bucket).key(key)).retention();
    }

    private List<Sent> objectPuts() {
        return sent.stream().filter(Sent::isObjectPut).toList();
    }

    // ---- writing ---------------------------------------------------------------------------

    @Test
    void replicate_whenTheBucketHasObjectLock_putsEveryObjectWithTheModeAndCreationPlusRetention() throws Exception {
        createBucket(true);
        Instant created = NOW.minus(Duration.ofHours(2)).plusMillis(250);
        Snapshot source = dumped("st-auto-chat-20261207t1200z", created);
        Instant until = created.plus(RETENTION).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);

        Snapshot replica = copy(region("COMPLIANCE", at(NOW)), source);

        String prefix = "/" + bucket + "/offsite/chat/st-auto-chat-20261207t1200z/";
        assertThat(objectPuts()).extracting(Sent::path)
                .containsExactly(prefix + "dump.pgc", prefix + "manifest.json", prefix + "snapshot.json");
        assertThat(objectPuts()).allSatisfy(put -> {
            assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
            assertThat(Instant.parse(put.header("x-amz-object-lock-retain-until-date"))).isEqualTo(until);
        });
        SnapshotManifest manifest = primary.manifest(source.id()).orElseThrow();
        assertThat(objectPuts().get(0).header("x-amz-checksum-sha256"))
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(manifest.sha256())));
        for (String file : List.of("dump.pgc", "manifest.json", "snapshot.json")) {
            ObjectLockRetention read = retentionOf("offsite/chat/st-auto-chat-20261207t1200z/" + file);
            assertThat(read.modeAsString()).as(file).isEqualTo("COMPLIANCE");
            assertThat(read.retainUntilDate()).as(file).isEqualTo(until);
        }
        assertThat(replica.region()).isEqualTo("dr");
        assertThat(replica.copiedFrom()).contains(source.ref());
        assertThat(replica.location()).isEqualTo("s3://" + bucket + "/offsite/chat/st-auto-chat-20261207t1200z/");
        S3Region reread = region("COMPLIANCE", at(NOW));
        assertThat(reread.list()).containsExactly(replica);
        assertThat(reread.manifest(source.id())).contains(manifest);
    }

    @Test
    void replicate_whenTheBucketHasNoObjectLock_putsWithoutLockHeadersAndSaysNotImmutable() throws Exception {
        createBucket(false);
        Snapshot source = dumped("st-auto-chat-20261207t0600z", NOW.minus(Duration.ofHours(8)));
        S3Region region = region("COMPLIANCE", at(NOW));

        Snapshot replica = copy(region, source);

        assertThat(objectPuts()).hasSize(3).allSatisfy(put -> {
            assertThat(put.header("x-amz-object-lock-mode")).isNull();
            assertThat(put.header("x-amz-object-lock-retain-until-date")).isNull();
        });
        CopyLock lock = region.lockOf(replica, NOW);
        assertThat(lock.immutability()).isEqualTo(Immutability.NOT_IMMUTABLE);
        assertThat(lock.deletableBySuite()).isTrue();
        assertThat(lock.evidence()).contains("has no Object Lock");
    }

    @Test
    void replicate_whenTheArchiveDoesNotMatchItsManifest_putsNothing() throws Exception {
        createBucket(true);
        Snapshot source = dumped("st-auto-chat-20261207t0000z", NOW.minus(Duration.ofHours(14)));
        byte[] bytes = Files.readAllBytes(primary.archive(source.id()));
        bytes[1000] ^= 0x01;
        Files.write(primary.archive(source.id()), bytes);
        S3Region region = region("COMPLIANCE", at(NOW));

        assertThatThrownBy(() -> copy(region, source)).isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("does not match its manifest");
        assertThat(objectPuts()).isEmpty();
        assertThat(region.list()).isEmpty();
    }

    // ---- reading locks back ----------------------------------------------------------------

    @Test
    void lockOf_whenLockedInComplianceMode_readsTheRetainUntilBackAndTheSuiteCannotDeleteIt() throws Exception {
        createBucket(true);
        Instant created = NOW.minus(Duration.ofDays(1));
        S3Region region = region("COMPLIANCE", at(NOW));
        Snapshot replica = copy(region, dumped("st-auto-chat-20261206t1800z", created));
        sent.clear();

        CopyLock lock = region.lockOf(replica, NOW);

        assertThat(lock.immutability()).isEqualTo(Immutability.IMMUTABLE);
        assertThat(lock.retainUntil()).isEqualTo(created.plus(RETENTION));
        assertThat(lock.mode()).isEqualTo("COMPLIANCE");
        assertThat(lock.deletableBySuite()).isFalse();
        assertThat(lock.evidence()).startsWith("GetObjectRetention s3://" + bucket + "/offsite/chat/st-auto-chat-20261206t1800z/");
        assertThat(sent).filteredOn(r -> r.query().contains("retention")).extracting(Sent::method).containsOnly("GET");
        assertThat(lock.holdsAt(created.plus(RETENTION))).isFalse();
    }

    @Test
    void lockOf_whenLockedInGovernanceMode_countsAsDeletableBySuchKeys() throws Exception {
        createBucket(true);
        S3Region region = region("GOVERNANCE", at(NOW));
        Snapshot replica = copy(region, dumped("st-auto-chat-20261206t1200z", NOW.minus(Duration.ofDays(1))));

        CopyLock lock = region.lockOf(replica, NOW);

        assertThat(lock.immutability()).isEqualTo(Immutability.IMMUTABLE);
        assertThat(lock.mode()).isEqualTo("GOVERNANCE");
        assertThat(lock.deletableBySuite()).isTrue();
    }

    @Test
    void archiveFile_whenTheObjectWasOverwritten_failsIntegrityAndAGoodOneMatchesItsManifest() throws Exception {
        createBucket(false);
        S3Region region = region("COMPLIANCE", at(NOW));
        Snapshot good = copy(region, dumped("st-auto-chat-20261205t1200z", NOW.minus(Duration.ofDays(2))));
        Snapshot bad = copy(region, dumped("st-auto-chat-20261205t1800z", NOW.minus(Duration.ofDays(2))));
        s3.putObject(r -> r.bucket(bucket).key(region.key(bad.id(), DirectoryRegion.ARCHIVE)), RequestBody.fromString("ransom note"));

        Path fetched = region.archiveFile(good.id(), region.manifest(good.id()).orElseThrow(), work.resolve("scratch-good"));

        assertThat(Files.readAllBytes(fetched)).isEqualTo(Files.readAllBytes(primary.archive(good.id())));
        assertThatThrownBy(() -> region.archiveFile(bad.id(), region.manifest(bad.id()).orElseThrow(), work.resolve("scratch-bad")))
                .isInstanceOf(BackupIntegrityException.class).hasMessageContaining("(corrupted)");
    }

    // ---- deleting ----------------------------------------------------------------------------

    @Test
    void delete_whenStillLocked_refusesAndSendsNoDelete() throws Exception {
        createBucket(true);
        S3Region region = region("COMPLIANCE", at(NOW));
        Snapshot replica = copy(region, dumped("st-auto-chat-20261204t1200z", NOW.minus(Duration.ofDays(3))));
        sent.clear();

        assertThatThrownBy(() -> region.delete(replica)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to delete dr/st-auto-chat-20261204t1200z: immutable until");
        assertThat(sent).extracting(Sent::method).doesNotContain("DELETE");
        assertThat(region.list()).containsExactly(replica);
    }

    @Test
    void delete_whenTheLockHasEndedInAVersionedBucket_removesEveryVersionMarkerFirst() throws Exception {
        createBucket(true);
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        Snapshot replica = copy(region("COMPLIANCE", at(NOW)), dumped("st-auto-chat-20261101t1200z", NOW.minus(Duration.ofDays(3))));
        S3Region later = region("COMPLIANCE", at(NOW.plus(Duration.ofDays(40))));
        later.recordVerification(replica.id(), VerificationStatus.VERIFIED, NOW);
        later.recordVerification(replica.id(), VerificationStatus.VERIFIED, NOW.plusSeconds(1)); // a second version
        sent.clear();

        later.delete(replica);

        List<Sent> deletes = sent.stream().filter(r -> r.method().equals("DELETE")).toList();
        assertThat(deletes).isNotEmpty().allSatisfy(d -> assertThat(d.query()).contains("versionId="));
        assertThat(deletes.get(0).path()).endsWith("/snapshot.json");
        assertThat(s3.listObjectVersions(r -> r.bucket(bucket).prefix("offsite/chat/")).versions()).isEmpty();
        assertThat(later.list()).isEmpty();
    }

    @Test
    void prune_withExpiredAndLockedCopies_deletesOnlyTheExpiredOnesAfterReadingTheirLocks() throws Exception {
        createBucket(true);
        // copied now with a 45-day lock; pruned 40 days later under a 30-day retention, all three past retention by then:
        Instant pruneAt = NOW.plus(Duration.ofDays(40));
        Duration lock = Duration.ofDays(45);
        Snapshot expired = dumped("st-auto-chat-20261101t0000z", NOW.minus(Duration.ofDays(15)));    // locked until now+30d
        Snapshot locked = dumped("st-auto-chat-20261120t0000z", NOW.plus(Duration.ofDays(5)));       // locked until now+50d
        Snapshot stillLocked = dumped("st-auto-chat-20261125t0000z", NOW.plus(Duration.ofDays(9)));  // locked until now+54d
        S3Region atCopy = region("COMPLIANCE", lock, at(NOW));
        for (Snapshot s : List.of(expired, locked, stillLocked)) {
            copy(atCopy, s);
        }
        S3Region dr = region("COMPLIANCE", lock, at(pruneAt));
        sent.clear();

        PruneSnapshots.Result result = new PruneSnapshots(List.of(primary, dr), new FileRunLedger(work.resolve("ledger")),
                at(pruneAt)).execute(new BackupPolicy(Duration.ofHours(6), RETENTION, 1, List.of("dr")), false);

        assertThat(result.failures()).isEmpty();
        assertThat(dr.list()).extracting(s -> s.id().value())
                .containsExactly("st-auto-chat-20261120t0000z", "st-auto-chat-20261125t0000z");
        assertThat(result.locked().keySet()).extracting(Object::toString)
                .containsExactlyInAnyOrder("dr/st-auto-chat-20261120t0000z", "dr/st-auto-chat-20261125t0000z");
        assertThat(result.plan().reasonFor(dr.find(locked.id()).orElseThrow()))
                .startsWith("locked until " + NOW.plus(Duration.ofDays(50)) + " (COMPLIANCE)");
        assertThat(sent).filteredOn(r -> r.method().equals("DELETE"))
                .allSatisfy(d -> assertThat(d.path()).contains("/st-auto-chat-20261101t0000z/"))
                .isNotEmpty();
        assertThat(sent).filteredOn(r -> r.method().equals("GET") && r.query().contains("retention"))
                .extracting(Sent::path).anySatisfy(p -> assertThat(p).contains("/st-auto-chat-20261120t0000z/dump.pgc"));
        assertThat(primary.list()).as("the primary's copies are past retention and unlocked").isEmpty();
    }
}

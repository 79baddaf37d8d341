package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotStoreContract;
import com.silenttalk.automation.local.config.OpsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * opsctl's bucket regions keep the snapshot store contract on a real S3 server (S3Mock on 127.0.0.1): a bucket region
 * only receives copies, uploaded as the replicator uploads them (archive checked by S3 against its SHA-256, manifest,
 * snapshot.json last), from a primary directory holding what a dump leaves.
 */
@ExtendWith(S3Mock.class)
class S3RegionContractTest extends SnapshotStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    Path work;
    private S3Client s3;
    private DirectoryRegion primary;
    private S3Region region;

    @BeforeEach
    void connect(LocalProcessServer server) {
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .build();
        String bucket = "contract-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime();
        s3.createBucket(r -> r.bucket(bucket));
        primary = DirectoryRegion.replicaOnly("primary", work.resolve("primary"));
        region = new S3Region("dr", s3, new OpsConfig.Bucket(bucket, "offsite/orders"), "COMPLIANCE", Duration.ofDays(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Override
    protected SnapshotStore store() {
        return region;
    }

    @Override
    protected boolean takesSnapshots() {
        return false;
    }

    @Override
    protected void receiveCopy(DatabaseId database, SnapshotId id, Instant createdAt) {
        upload(dumped(database, id, createdAt));
    }

    @Override
    protected void putForeign(SnapshotId id) {
        Snapshot dumped = dumped(ORDERS, id, NOW.minusSeconds(86_400));
        upload(new Snapshot(dumped.id(), dumped.database(), dumped.region(), dumped.createdAt(), false,
                dumped.verification(), dumped.copiedFrom()));
    }

    private Snapshot dumped(DatabaseId database, SnapshotId id, Instant createdAt) {
        try {
            return DumpedSnapshots.dumped(primary, database, id.value(), createdAt);
        } catch (Exception e) {
            throw new AssertionError("cannot write the primary's dump of " + id, e);
        }
    }

    private void upload(Snapshot source) {
        region.commitCopy(source, primary.manifest(source.id()).orElseThrow(), primary.archive(source.id()));
    }
}

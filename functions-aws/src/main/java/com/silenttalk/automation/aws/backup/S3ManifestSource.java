package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Snapshot manifests kept beside the reports: {@code manifests/<snapshotId>.json} in the report bucket, which has
 * Object Lock: S3 refuses a PUT there without a checksum, so every PUT carries its SHA-256.
 */
public final class S3ManifestSource implements ManifestSource {
    private final Supplier<S3Client> s3;
    private final String bucket;

    /** The container's: manifests in the report bucket; the S3 client is built on first use, so a function that never reads one never builds it. */
    public static S3ManifestSource of(AwsWiring w) {
        return new S3ManifestSource(() -> w.clients().s3(w.settings().region()), w.settings().reportBucket());
    }

    public S3ManifestSource(S3Client s3, String bucket) {
        this(() -> s3, bucket);
    }

    public S3ManifestSource(Supplier<S3Client> s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        try {
            byte[] body = s3.get().getObjectAsBytes(r -> r.bucket(bucket).key(keyFor(id))).asByteArray();
            return Optional.of(CoreRecordJson.read(body, SnapshotManifest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("manifest " + keyFor(id) + " in " + bucket + " is not valid: " + e.getMessage(), e.getCause());
        }
    }

    public void put(SnapshotManifest manifest) {
        s3.get().putObject(r -> r.bucket(bucket).key(keyFor(manifest.snapshotId())).contentType("application/json")
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(CoreRecordJson.bytes(manifest)));
    }

    public static String keyFor(SnapshotId id) {
        return "manifests/" + id.value() + ".json";
    }

    @Override
    public List<String> requiredActions() {
        return List.of("s3:GetObject", "kms:Decrypt");
    }
}

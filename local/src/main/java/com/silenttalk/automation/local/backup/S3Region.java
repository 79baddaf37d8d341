package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotNotFoundException;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.backup.DirectoryRegion.Metadata;
import com.silenttalk.automation.local.backup.DirectoryRegion.Verification;
import com.silenttalk.automation.local.config.OpsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A region in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW): under {@code s3://bucket/prefix/<snapshot>/} the
 * archive, its manifest, {@code snapshot.json} (written last: the snapshot is complete) and its verification mark, as
 * in a directory region. When the bucket has Object Lock enabled, the archive, the manifest and snapshot.json are
 * written with retention (the configured mode, retain-until = the snapshot's creation + the lock retention), so no one
 * holding opsctl's keys can delete or overwrite them before then. Locks are read back from the bucket
 * (GetObjectRetention), never assumed from configuration; a locked snapshot is never deleted.
 */
public final class S3Region implements LocalRegion {
    /** What a self-hoster's bucket policy must allow opsctl's keys (README lists it). */
    public static final List<String> REQUIRED_ACTIONS = List.of("s3:ListBucket", "s3:ListBucketVersions", "s3:GetObject",
            "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObjectRetention", "s3:PutObjectRetention",
            "s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning");

    /** A retention that S3 is asked to apply to one PUT. */
    record Retention(ObjectLockMode mode, Instant retainUntil) {
    }

    private final String name;
    private final S3Client s3;
    private final OpsConfig.Bucket location;
    private final ObjectLockMode lockMode;
    private final Duration lockRetention;
    private final Clock clock;
    private volatile Boolean objectLockEnabled;

    /** @param lockRetention retain-until = a snapshot's creation + this, when the bucket has Object Lock */
    public S3Region(String name, S3Client s3, OpsConfig.Bucket location, String lockMode, Duration lockRetention, Clock clock) {
        this.name = name;
        this.s3 = s3;
        this.location = location;
        this.lockMode = ObjectLockMode.fromValue(lockMode);
        if (this.lockMode == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("lock mode must be COMPLIANCE or GOVERNANCE, got " + lockMode);
        }
        this.lockRetention = lockRetention;
        this.clock = clock;
    }

    @Override
    public String region() {
        return name;
    }

    public OpsConfig.Bucket location() {
        return location;
    }

    @Override
    public String where() {
        return location.toString();
    }

    String key(SnapshotId id, String file) {
        return location.prefix() + id.value() + "/" + file;
    }

    private String uri(String key) {
        return "s3://" + location.bucket() + "/" + key;
    }

    /** A bucket region only receives copies (as the paired blob store and the vault do), even of an id it holds. */
    @Override
    public Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        throw new IllegalStateException("region " + name + " (" + location + ") holds copies only; " + id + " is taken in"
                + " the primary region");
    }

    /**
     * Uploads a copy whose archive was checked against its manifest, the archive with its SHA-256 for S3 to check on
     * arrival, then the manifest, then snapshot.json; each locked when the bucket has Object Lock.
     */
    Snapshot commitCopy(Snapshot source, SnapshotManifest manifest, Path archive) {
        Optional<Retention> retention = retentionFor(source.createdAt());
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(manifest.sha256()));
        put(key(source.id(), DirectoryRegion.ARCHIVE), RequestBody.fromFile(archive), retention, checksum);
        put(key(source.id(), DirectoryRegion.MANIFEST), RequestBody.fromBytes(CoreRecordJson.bytes(manifest)), retention, null);
        Metadata metadata = new Metadata(source.id().value(), source.database().value(), source.createdAt(),
                source.createdBySuite(), source.ref());
        put(key(source.id(), DirectoryRegion.METADATA), json(metadata), retention, null);
        return toSnapshot(metadata, VerificationStatus.UNVERIFIED);
    }

    /** Retention for a snapshot created at {@code createdAt}, when the bucket has Object Lock and the date is ahead. */
    Optional<Retention> retentionFor(Instant createdAt) {
        if (!objectLockEnabled() || lockRetention == null) {
            return Optional.empty();
        }
        Instant exact = createdAt.plus(lockRetention);
        // stores keep whole seconds: round up, so the lock read back is never short of creation + retention
        Instant until = exact.truncatedTo(ChronoUnit.SECONDS).equals(exact) ? exact
                : exact.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        // already past its retention: S3 refuses a retain-until in the past, and the pruner may take it
        return until.isAfter(clock.instant()) ? Optional.of(new Retention(lockMode, until)) : Optional.empty();
    }

    /** Whether the bucket has Object Lock enabled, read once from the bucket. */
    public boolean objectLockEnabled() {
        Boolean known = objectLockEnabled;
        if (known == null) {
            known = call("GetObjectLockConfiguration", () -> {
                try {
                    return s3.getObjectLockConfiguration(r -> r.bucket(location.bucket())).objectLockConfiguration()
                            .objectLockEnabled() == ObjectLockEnabled.ENABLED;
                } catch (S3Exception e) {
                    // AWS and MinIO: 404 ObjectLockConfigurationNotFoundError; some S3-compatibles: 400 naming Object Lock
                    boolean noLock = e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))
                            || e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("Object Lock");
                    if (noLock) {
                        return false;
                    }
                    throw e;
                }
            });
            objectLockEnabled = known;
        }
        return known;
    }

    /**
     * PUTs with the retention headers, then reads the retention back: some S3-compatible stores accept the headers and
     * keep no lock. Then the retention is set with PutObjectRetention and read back once more; a store that still keeps
     * none fails the copy rather than leave an unlocked copy in a bucket configured for locks.
     */
    private void put(String key, RequestBody body, Optional<Retention> retention, String sha256Base64) {
        upload(key, body, retention, sha256Base64);
        if (retention.isEmpty()) {
            return;
        }
        Retention wanted = retention.get();
        if (holds(retention(key), wanted)) {
            return;
        }
        call("PutObjectRetention " + uri(key), () -> s3.putObjectRetention(r -> r.bucket(location.bucket()).key(key)
                .retention(t -> t.mode(wanted.mode().toString()).retainUntilDate(wanted.retainUntil()))));
        if (!holds(retention(key), wanted)) {
            throw new EnvironmentException("region " + name + ": " + uri(key) + " was stored without its " + wanted.mode()
                    + " retention until " + wanted.retainUntil() + ", even after PutObjectRetention");
        }
    }

    private static boolean holds(Optional<ObjectLockRetention> read, Retention wanted) {
        return read.isPresent() && read.get().retainUntilDate() != null
                && !read.get().retainUntilDate().isBefore(wanted.retainUntil())
                && read.get().modeAsString().equals(wanted.mode().toString());
    }

    private void upload(String key, RequestBody body, Optional<Retention> retention, String sha256Base64) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(location.bucket()).key(key);
        retention.ifPresent(r -> request.objectLockMode(r.mode()).objectLockRetainUntilDate(r.retainUntil()));
        if (sha256Base64 != null) {
            request.checksumSHA256(sha256Base64);
        }
        try {
            call("PutObject " + uri(key), () -> s3.putObject(request.build(), body));
        } catch (EnvironmentException e) {
            if (e.getCause() instanceof S3Exception s3e && "BadDigest".equals(errorCode(s3e))) {
                throw new BackupIntegrityException("copy of " + uri(key) + " does not match its manifest's sha256 on arrival");
            }
            throw e;
        }
    }

    private static RequestBody json(Object value) {
        return RequestBody.fromString(LocalJson.write(value));
    }

    @Override
    public Optional<Snapshot> find(SnapshotId id) {
        return read(key(id, DirectoryRegion.METADATA), Metadata.class).map(m -> toSnapshot(m, verification(id)));
    }

    @Override
    public List<Snapshot> list() {
        List<Snapshot> snapshots = new ArrayList<>();
        String suffix = "/" + DirectoryRegion.METADATA;
        call("ListObjectsV2 " + location, () -> {
            s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(location.prefix())).contents().forEach(o -> {
                String rest = o.key().substring(location.prefix().length());
                if (rest.endsWith(suffix) && rest.indexOf('/') == rest.length() - suffix.length()) {
                    read(o.key(), Metadata.class).ifPresent(m -> snapshots.add(toSnapshot(m, verification(new SnapshotId(m.id())))));
                }
            });
            return null;
        });
        snapshots.sort(Comparator.comparing(s -> s.id().value()));
        return snapshots;
    }

    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        return read(key(id, DirectoryRegion.MANIFEST), bytes -> CoreRecordJson.read(bytes, SnapshotManifest.class));
    }

    @Override
    public Path archiveFile(SnapshotId id, SnapshotManifest manifest, Path scratch) {
        String key = key(id, DirectoryRegion.ARCHIVE);
        Path target = scratch.resolve(DirectoryRegion.ARCHIVE);
        try {
            LocalFiles.createPrivateDirectories(scratch); // the download holds every row
        } catch (IOException e) {
            throw new EnvironmentException("cannot create " + scratch + ": " + e.getMessage(), e);
        }
        HashingCopy.Result got;
        try {
            ResponseInputStream<GetObjectResponse> in = call("GetObject " + uri(key),
                    () -> s3.getObject(r -> r.bucket(location.bucket()).key(key)));
            got = HashingCopy.copy(in, target);
        } catch (EnvironmentException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new BackupIntegrityException("archive " + uri(key) + " is missing");
            }
            throw e;
        }
        if (!got.sha256().equals(manifest.sha256()) || got.bytes() != manifest.sizeBytes()) {
            throw new BackupIntegrityException("archive " + uri(key) + " is " + got.bytes() + " bytes with sha256 "
                    + got.sha256().substring(0, 12) + ", the manifest says " + manifest.sizeBytes() + " bytes with "
                    + manifest.sha256().substring(0, 12) + " (corrupted)");
        }
        return target;
    }

    /**
     * Deletes every object (and, in a versioned bucket, every version) of a snapshot the suite created, snapshot.json
     * first so a stopped delete leaves an ignored prefix. Refuses when the snapshot is still locked, whatever the plan.
     */
    @Override
    public void delete(Snapshot snapshot) {
        requireSuitesOwn(snapshot);
        Instant now = clock.instant();
        CopyLock lock = lockOf(snapshot, now);
        if (lock.holdsAt(now)) {
            throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": " + lock.statement());
        }
        // already gone (a retried prune) lists nothing below and deletes nothing: done
        String prefix = location.prefix() + snapshot.id().value() + "/";
        String marker = prefix + DirectoryRegion.METADATA;
        boolean versioned = call("GetBucketVersioning " + location.bucket(),
                () -> s3.getBucketVersioning(r -> r.bucket(location.bucket())).status()) != null;
        if (versioned) {
            record Version(String key, String versionId) {
            }
            List<Version> versions = new ArrayList<>();
            call("ListObjectVersions " + uri(prefix), () -> {
                s3.listObjectVersionsPaginator(r -> r.bucket(location.bucket()).prefix(prefix)).forEach(page -> {
                    page.versions().forEach(v -> versions.add(new Version(v.key(), v.versionId())));
                    page.deleteMarkers().forEach(m -> versions.add(new Version(m.key(), m.versionId())));
                });
                return null;
            });
            versions.sort(Comparator.comparing((Version v) -> !v.key().equals(marker)));
            for (Version v : versions) {
                call("DeleteObject " + uri(v.key()) + " version " + v.versionId(),
                        () -> s3.deleteObject(r -> r.bucket(location.bucket()).key(v.key()).versionId(v.versionId())));
            }
            return;
        }
        List<String> keys = new ArrayList<>();
        call("ListObjectsV2 " + uri(prefix), () -> {
            s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(prefix)).contents()
                    .forEach(o -> keys.add(o.key()));
            return null;
        });
        keys.sort(Comparator.comparing((String k) -> !k.equals(marker)));
        for (String key : keys) {
            call("DeleteObject " + uri(key), () -> s3.deleteObject(r -> r.bucket(location.bucket()).key(key)));
        }
    }

    @Override
    public void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        if (find(id).isEmpty()) {
            throw new SnapshotNotFoundException(id, "region " + name + " (" + location + ")", "mark " + status);
        }
        put(key(id, DirectoryRegion.VERIFICATION), json(new Verification(status, at)), Optional.empty(), null);
    }

    /**
     * The archive's and the manifest's retention, read back with GetObjectRetention: immutable until the earlier of the
     * two. GOVERNANCE counts as deletable by the suite: keys holding s3:BypassGovernanceRetention may remove it, and
     * nothing here can prove opsctl's keys do not.
     */
    @Override
    public CopyLock lockOf(Snapshot snapshot, Instant now) {
        if (!objectLockEnabled()) {
            return CopyLock.notImmutable("bucket " + location.bucket() + " has no Object Lock (GetObjectLockConfiguration)");
        }
        Instant until = null;
        boolean governance = false;
        List<String> read = new ArrayList<>();
        for (String file : List.of(DirectoryRegion.ARCHIVE, DirectoryRegion.MANIFEST)) {
            String key = key(snapshot.id(), file);
            Optional<ObjectLockRetention> retention = retention(key);
            if (retention.isEmpty() || retention.get().retainUntilDate() == null) {
                return CopyLock.notImmutable("no retention on " + uri(key) + " (GetObjectRetention)");
            }
            Instant objectUntil = retention.get().retainUntilDate();
            governance |= retention.get().mode() != ObjectLockRetentionMode.COMPLIANCE;
            until = until == null || objectUntil.isBefore(until) ? objectUntil : until;
            read.add(file + " " + retention.get().modeAsString() + " until " + objectUntil);
        }
        String evidence = "GetObjectRetention " + uri(location.prefix() + snapshot.id().value() + "/") + ": "
                + String.join(", ", read);
        if (!until.isAfter(now)) {
            return CopyLock.notImmutable("retention ended " + until + "; " + evidence);
        }
        return CopyLock.until(until, governance ? "GOVERNANCE" : "COMPLIANCE", governance, evidence);
    }

    private Optional<ObjectLockRetention> retention(String key) {
        return call("GetObjectRetention " + uri(key), () -> {
            try {
                return Optional.ofNullable(s3.getObjectRetention(r -> r.bucket(location.bucket()).key(key)).retention());
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty(); // NoSuchObjectLockConfiguration (no retention), or no such object
                }
                throw e;
            }
        });
    }

    @Override
    public List<String> requiredActions() {
        return REQUIRED_ACTIONS;
    }

    private VerificationStatus verification(SnapshotId id) {
        return read(key(id, DirectoryRegion.VERIFICATION), Verification.class).map(Verification::status)
                .orElse(VerificationStatus.UNVERIFIED);
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        return read(key, bytes -> LocalJson.MAPPER.readValue(bytes, type));
    }

    /** How a stored object's bytes become a value: opsctl's own metadata, or a core record in the form every runner writes. */
    private interface Decoder<T> {
        T decode(byte[] bytes) throws IOException;
    }

    private <T> Optional<T> read(String key, Decoder<T> decoder) {
        return call("GetObject " + uri(key), () -> {
            try {
                byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key)).asByteArray();
                return Optional.of(decoder.decode(bytes));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(uri(key) + " is not valid JSON: " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException(uri(key) + " is not valid JSON: " + e.getMessage(), e.getCause());
            }
        });
    }

    private Snapshot toSnapshot(Metadata m, VerificationStatus status) {
        return new Snapshot(new SnapshotId(m.id()), new DatabaseId(m.database()), name, m.createdAt(), m.createdBySuite(),
                status, Optional.ofNullable(m.copiedFrom()), com.silenttalk.automation.core.backup.CopyKind.SUITE_SNAPSHOT,
                location + m.id() + "/");
    }

    /** An S3 call whose failure (unreachable, refused, throttled past the SDK's retries) is the environment's: exit 3. */
    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new EnvironmentException("region " + name + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}

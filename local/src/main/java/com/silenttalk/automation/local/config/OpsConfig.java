package com.silenttalk.automation.local.config;

import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.net.URI;
import java.nio.file.Path;
import com.silenttalk.automation.core.status.StatusPolicy;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** opsctl's configuration, validated; {@link ConfigLoader} builds it from YAML and the environment. */
public record OpsConfig(
        Path stateDir,
        Path clustersDir,
        Source source,
        Backup backup,
        Regions regions,
        Drill drill,
        Status status,
        List<Source> sources) {

    public OpsConfig {
        sources = List.copyOf(sources);
    }

    /** Without further sources: {@code source} is the only database. */
    public OpsConfig(Path stateDir, Path clustersDir, Source source, Backup backup, Regions regions, Drill drill, Status status) {
        this(stateDir, clustersDir, source, backup, regions, drill, status, List.of());
    }

    /** The configuration before the status section existed: its defaults. */
    public OpsConfig(Path stateDir, Path clustersDir, Source source, Backup backup, Regions regions, Drill drill) {
        this(stateDir, clustersDir, source, backup, regions, drill, Status.DEFAULTS);
    }

    /** Every configured database, by the key that names it: {@code source.url} (when set), then {@code sources[i].url}. */
    public Map<String, Source> allSources() {
        Map<String, Source> all = new LinkedHashMap<>();
        if (source.url() != null) {
            all.put("source.url", source);
        }
        for (int i = 0; i < sources.size(); i++) {
            all.put("sources[" + i + "].url", sources.get(i));
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * @param database    the label for the snapshots of {@code url}; null: the label of the URL's database
     * @param url         may be null when only the demo runs
     * @param passwordEnv the environment variable that holds the password; the file never does
     * @param requireTls  refuse to snapshot a source that is reached in plaintext
     */
    public record Source(DatabaseId database, String url, String passwordEnv, boolean requireTls) {
    }

    public record Backup(BackupPolicy policy, int compression, int jobs, Duration timeout) {
    }

    /**
     * The primary region's directory and the regions that receive copies, by region name: directories, and
     * S3-compatible buckets ({@code s3://bucket/prefix}) reached as {@code objectStore} says.
     */
    public record Regions(String primaryName, Path primary, Map<String, Path> copies, Map<String, Bucket> buckets,
                          ObjectStore objectStore) {
        public Regions {
            copies = Collections.unmodifiableMap(new LinkedHashMap<>(copies));
            buckets = Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
            Objects.requireNonNull(objectStore, "objectStore");
        }

        /** Directory regions only. */
        public Regions(String primaryName, Path primary, Map<String, Path> copies) {
            this(primaryName, primary, copies, Map.of(), ObjectStore.DEFAULT);
        }
    }

    /** {@code s3://bucket/prefix}: the objects of a region live under {@code prefix} (empty, or ending in "/"). */
    public record Bucket(String bucket, String prefix) {
        private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

        public Bucket {
            if (bucket == null || !NAME.matcher(bucket).matches()) {
                throw new IllegalArgumentException("bucket name " + UntrustedText.quoted(bucket) + " is not a valid S3 bucket name");
            }
            prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? Objects.toString(prefix, "") : prefix + "/";
        }

        public static boolean isUri(String text) {
            return text.startsWith("s3://");
        }

        /** {@code s3://bucket} or {@code s3://bucket/some/prefix}. */
        public static Bucket parse(String uri) {
            if (!isUri(uri)) {
                throw new IllegalArgumentException(UntrustedText.quoted(uri) + " does not start with s3://");
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (prefix.startsWith("/") || prefix.contains("//")) {
                throw new IllegalArgumentException(UntrustedText.quoted(uri) + " has an empty path segment");
            }
            return new Bucket(slash < 0 ? rest : rest.substring(0, slash), prefix);
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + prefix;
        }
    }

    /**
     * How opsctl reaches the S3-compatible store (MinIO, Ceph RGW, AWS S3) and how it locks what it writes there.
     *
     * @param endpoint           null: AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS S3
     * @param region             the signing region
     * @param accessKeyIdEnv     the variable holding the access key id; the file never holds keys
     * @param lockMode           COMPLIANCE or GOVERNANCE: the Object Lock mode of every dump and manifest
     * @param lockRetention      retain-until = the snapshot's creation + this; null means the backup retention
     */
    public record ObjectStore(URI endpoint, String region, boolean pathStyle, String accessKeyIdEnv,
                              String secretAccessKeyEnv, String lockMode, Duration lockRetention) {
        public static final ObjectStore DEFAULT = new ObjectStore(null, "us-east-1", true, "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", "COMPLIANCE", null);

        public ObjectStore {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accessKeyIdEnv, "accessKeyIdEnv");
            Objects.requireNonNull(secretAccessKeyEnv, "secretAccessKeyEnv");
            if (!lockMode.equals("COMPLIANCE") && !lockMode.equals("GOVERNANCE")) {
                throw new IllegalArgumentException("lockMode must be COMPLIANCE or GOVERNANCE, got " + lockMode);
            }
        }
    }

    public record Drill(String region, DrillTargets targets, boolean requireTls, List<SqlProbe> probes) {
    }

    /** What {@code opsctl status} calls late, old or overdue (see {@link com.silenttalk.automation.core.status.StatusPolicy}). */
    public record Status(Duration snapshotGrace, Duration drillMaxAge, Duration rotationInterval, Duration deadLetterHorizon) {
        public static final Status DEFAULTS = new Status(StatusPolicy.DEFAULT_SNAPSHOT_GRACE, StatusPolicy.DEFAULT_DRILL_MAX_AGE,
                StatusPolicy.DEFAULT_ROTATION_INTERVAL, StatusPolicy.DEFAULT_DEAD_LETTER_HORIZON);
    }

    public Path ledgerDir() {
        return stateDir.resolve("ledger");
    }

    /** The ledger of {@code opsctl failover}: its plans awaiting approval and its history. */
    public Path failoverLedgerDir() {
        return stateDir.resolve("failover").resolve("ledger");
    }

    public Path journalDir() {
        return stateDir.resolve("drills");
    }

    /** Where every tool's whole stderr is kept, named by the snapshot or throwaway server it worked on. */
    public Path logDir() {
        return stateDir.resolve("logs");
    }
}

package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code opsctl copy} then {@code opsctl prune} with the DR region an S3 bucket with Object Lock (S3Mock on 127.0.0.1),
 * through opsctl's own configuration and wiring: every object it writes carries a lock, and the pruner deletes the
 * expired copy only, keeping those whose lock, as read back from the bucket, still holds.
 */
@ExtendWith(S3Mock.class)
class PruneCommandObjectLockTest {
    private static final String SECRET_KEY = "s3-secret-never-printed-41c9";
    /** S3 refuses a retain-until in the past, so the snapshots are dated from the real time. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant PRUNE_AT = NOW.plus(Duration.ofDays(35));
    private static final String EXPIRED = "st-auto-chat-20261101t0000z";   // past retention, lock ended at NOW+25d
    private static final String EXTENDED = "st-auto-chat-20261101t0600z";  // its lock ended at NOW+26d, then extended in the bucket
    private static final String LOCKED = "st-auto-chat-20261115t0000z";    // past retention, locked until NOW+40d

    @TempDir
    Path dir;
    private S3Client s3;
    private String bucket;
    private Map<String, String> env;

    @BeforeEach
    void configure(LocalProcessServer server) throws Exception {
        bucket = "offsite-prune-" + System.nanoTime();
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("opsctl-test", SECRET_KEY)))
                .build();
        s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
        Files.writeString(dir.resolve("opsctl.yaml"), "stateDir: state\nsource:\n  database: chat\n"
                + "backup:\n  retention: 30d\n"
                + "regions:\n  copies:\n    dr: s3://" + bucket + "/offsite\n"
                + "s3:\n  endpoint: " + server.endpoint() + "\n  accessKeyIdEnv: OPSCTL_S3_KEY\n"
                + "  secretAccessKeyEnv: OPSCTL_S3_SECRET\n  lockMode: COMPLIANCE\n  lockRetention: 45d\n");
        env = Map.of("OPSCTL_S3_KEY", "opsctl-test", "OPSCTL_S3_SECRET", SECRET_KEY);
        DirectoryRegion primary = DirectoryRegion.replicaOnly("primary", dir.resolve("state/regions/primary"));
        DatabaseId chat = new DatabaseId("chat");
        DumpedSnapshots.dumped(primary, chat, EXPIRED, NOW.minus(Duration.ofDays(20)));
        DumpedSnapshots.dumped(primary, chat, EXTENDED, NOW.minus(Duration.ofDays(19)));
        DumpedSnapshots.dumped(primary, chat, LOCKED, NOW.minus(Duration.ofDays(5)));
        for (String id : List.of(EXPIRED, EXTENDED, LOCKED)) {
            OpsctlRun copy = OpsctlRun.in(dir, env, "copy", "--snapshot", id);
            assertThat(copy.exitCode()).as(copy.toString()).isZero();
        }
    }

    private List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private Instant retainUntil(String key) {
        return s3.getObjectRetention(r -> r.bucket(bucket).key(key)).retention().retainUntilDate();
    }

    /** The prune's lines on stdout, by region and snapshot. */
    private static Map<String, JsonNode> lines(OpsctlRun run) {
        Map<String, JsonNode> out = new HashMap<>();
        run.stdout().lines().forEach(line -> {
            try {
                JsonNode n = LocalJson.MAPPER.readTree(line);
                out.put(n.path("region").asText() + "/" + n.path("snapshot").asText(), n);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    @Test
    void copy_toALockedBucket_locksEveryDumpManifestAndMarkerForCreationPlusTheLockRetention() {
        assertThat(keys()).hasSize(9);
        for (String key : keys()) {
            String id = key.split("/")[1];
            Instant created = id.equals(EXPIRED) ? NOW.minus(Duration.ofDays(20))
                    : id.equals(EXTENDED) ? NOW.minus(Duration.ofDays(19)) : NOW.minus(Duration.ofDays(5));
            assertThat(retainUntil(key)).as(key).isAfterOrEqualTo(created.plus(Duration.ofDays(45)))
                    .isBefore(created.plus(Duration.ofDays(45)).plusSeconds(2));
            assertThat(s3.getObjectRetention(r -> r.bucket(bucket).key(key)).retention().mode()).as(key)
                    .isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
        }
    }

    @Test
    void prune_withExpiredAndLockedCopies_deletesOnlyTheExpiredOneAndNamesTheLocksReadBack() {
        Instant extendedUntil = NOW.plus(Duration.ofDays(60));
        for (String file : List.of(DirectoryRegion.ARCHIVE, DirectoryRegion.MANIFEST, DirectoryRegion.METADATA)) {
            s3.putObjectRetention(r -> r.bucket(bucket).key("offsite/" + EXTENDED + "/" + file)
                    .retention(l -> l.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(extendedUntil)));
        }
        Clock later = Clock.fixed(PRUNE_AT, ZoneOffset.UTC);

        OpsctlRun dryRun = OpsctlRun.in(dir, env, later, "prune", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(lines(dryRun).get("dr/" + EXPIRED).path("action").asText()).isEqualTo("would-delete");
        assertThat(keys()).as("a dry run deletes nothing").hasSize(9);

        OpsctlRun run = OpsctlRun.in(dir, env, later, "prune");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, JsonNode> lines = lines(run);
        assertThat(lines.get("dr/" + EXPIRED).path("action").asText()).isEqualTo("deleted");
        assertThat(lines.get("dr/" + EXTENDED).path("action").asText()).isEqualTo("keep");
        assertThat(lines.get("dr/" + EXTENDED).path("reason").asText())
                .as("the lock as the bucket holds it, not as configured").startsWith("locked until " + extendedUntil + " (COMPLIANCE)");
        assertThat(lines.get("dr/" + LOCKED).path("action").asText()).isEqualTo("keep");
        assertThat(keys()).extracting(k -> k.split("/")[1]).doesNotContain(EXPIRED)
                .containsOnly(EXTENDED, LOCKED).hasSize(6);
        assertThat(run.stdout() + run.stderr()).doesNotContain(SECRET_KEY);
    }
}

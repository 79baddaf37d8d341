package com.silenttalk.automation.aws.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.aws.testing.TestAws;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

@ExtendWith(S3Mock.class)
class S3ReportWriterTest {
    AwsClients clients;
    S3Client s3;
    String bucket;

    @BeforeEach
    void createBucket(LocalProcessServer s3mock) {
        clients = TestAws.clients(s3mock.endpoint());
        s3 = clients.s3(TestAws.DR);
        bucket = "st-reports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    private static DrillReport report() {
        Instant start = Instant.parse("2026-03-01T02:00:00Z");
        return new DrillReport("run-42", "orders", "st-auto-orders-20260301t0000z", "eu-west-1",
                "eu-central-1", start, start.plusSeconds(1500), List.of(),
                List.of(CheckResult.pass("row-counts", "3 tables, 120 rows, all exact")), List.of(),
                Duration.ofMinutes(21), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6), null, true);
    }

    private static SnapshotManifest manifest() {
        return new SnapshotManifest(new SnapshotId("st-auto-orders-20260301t0000z"),
                new DatabaseId("orders"), Instant.parse("2026-03-01T00:00:03Z"), "15.8", "fp-abc",
                Map.of("public.orders", 120L), "a".repeat(64), 4096);
    }

    @Test
    void write_whenDrillFinished_storesTheReportJsonUnderDatabaseAndRun() throws Exception {
        String key = new S3ReportWriter(s3, bucket).write(report());

        assertThat(key).isEqualTo("drill-reports/orders/run-42.json");
        JsonNode stored = Json.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        assertThat(stored.path("runId").asText()).isEqualTo("run-42");
        assertThat(stored.path("passed").asBoolean()).isTrue();
        assertThat(stored.path("rto").asText()).isEqualTo("PT21M");
    }

    @Test
    void manifest_whenStoredBeside_roundTripsAndMissingIsEmpty() {
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        SnapshotManifest manifest = manifest();

        manifests.put(manifest);

        assertThat(manifests.manifest(manifest.snapshotId())).contains(manifest);
        assertThat(manifests.manifest(new SnapshotId("st-auto-orders-19990101t0000z"))).isEmpty();
    }

    /**
     * S3 refuses a PUT into an Object Lock bucket without Content-MD5 or a checksum. A client configured to send
     * checksums only when an operation requires one (PutObject does not declare it) must still send the SHA-256,
     * and S3Mock stores exactly what was sent.
     */
    @Test
    void write_whenTheBucketHasObjectLockAndTheClientSendsChecksumsOnlyWhenRequired_stillSendsTheSha256(
            LocalProcessServer s3mock) throws Exception {
        try (S3Client whenRequired = S3Client.builder().endpointOverride(URI.create(s3mock.endpoint()))
                .region(Region.of(TestAws.DR)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestAws.ACCESS_KEY, TestAws.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String locked = "st-evidence-" + UUID.randomUUID().toString().substring(0, 8);
            whenRequired.createBucket(r -> r.bucket(locked).objectLockEnabledForBucket(true));
            whenRequired.putObjectLockConfiguration(r -> r.bucket(locked).objectLockConfiguration(c -> c
                    .objectLockEnabled(ObjectLockEnabled.ENABLED)
                    .rule(rule -> rule.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(35)))));

            String reportKey = new S3ReportWriter(whenRequired, locked).write(report());
            new S3ManifestSource(whenRequired, locked).put(manifest());

            for (String key : List.of(reportKey, S3ManifestSource.keyFor(manifest().snapshotId()))) {
                byte[] stored = whenRequired.getObjectAsBytes(r -> r.bucket(locked).key(key)).asByteArray();
                String sent = whenRequired.headObject(r -> r.bucket(locked).key(key).checksumMode(ChecksumMode.ENABLED))
                        .checksumSHA256();
                assertThat(sent).as(key).isEqualTo(
                        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(stored)));
            }
        }
    }
}

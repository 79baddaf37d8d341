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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

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

    @Test
    void write_whenDrillFinished_storesTheReportJsonUnderDatabaseAndRun() throws Exception {
        Instant start = Instant.parse("2026-03-01T02:00:00Z");
        DrillReport report = new DrillReport("run-42", "orders", "st-auto-orders-20260301t0000z", "eu-west-1",
                "eu-central-1", start, start.plusSeconds(1500), List.of(),
                List.of(CheckResult.pass("row-counts", "3 tables, 120 rows, all exact")), List.of(),
                Duration.ofMinutes(21), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6), null, true);

        String key = new S3ReportWriter(s3, bucket).write(report);

        assertThat(key).isEqualTo("drill-reports/orders/run-42.json");
        JsonNode stored = Json.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        assertThat(stored.path("runId").asText()).isEqualTo("run-42");
        assertThat(stored.path("passed").asBoolean()).isTrue();
        assertThat(stored.path("rto").asText()).isEqualTo("PT21M");
    }

    @Test
    void manifest_whenStoredBeside_roundTripsAndMissingIsEmpty() {
        S3ManifestSource manifests = new S3ManifestSource(s3, bucket);
        SnapshotManifest manifest = new SnapshotManifest(new SnapshotId("st-auto-orders-20260301t0000z"),
                new DatabaseId("orders"), Instant.parse("2026-03-01T00:00:03Z"), "15.8", "fp-abc",
                Map.of("public.orders", 120L), "a".repeat(64), 4096);

        manifests.put(manifest);

        assertThat(manifests.manifest(manifest.snapshotId())).contains(manifest);
        assertThat(manifests.manifest(new SnapshotId("st-auto-orders-19990101t0000z"))).isEmpty();
    }
}

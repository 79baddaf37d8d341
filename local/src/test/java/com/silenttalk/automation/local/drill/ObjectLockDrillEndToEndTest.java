package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.testing.LocalProcessServer;
import com.silenttalk.automation.aws.testing.S3Mock;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * opsctl drill on a real PostgreSQL source, with the DR region a directory or an S3 bucket with Object Lock (S3Mock on
 * 127.0.0.1): the drill passes, and its report says per region whether the copies are immutable and until when, as
 * read back from the store.
 */
@ExtendWith(S3Mock.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectLockDrillEndToEndTest {
    private static final String SECRET_KEY = "s3-secret-never-printed-7f3a";

    @TempDir
    static Path work;
    private Path clusters;
    private ThrowawayCluster source;
    private final PgBinaries binaries = PgBinaries.locate(System.getenv());

    @BeforeAll
    void startSource() {
        clusters = work.resolve("clusters");
        source = ThrowawayCluster.create(binaries, clusters, "objectlock-source");
        source.createDatabase("silenttalk");
        DemoDataset.load(source.endpoint("silenttalk"), 2000);
    }

    @AfterAll
    void stopSource() {
        source.close();
    }

    private String sourceConfig() {
        return "source:\n  database: silenttalk\n  url: postgresql://" + source.handle().superuser() + "@127.0.0.1:"
                + source.handle().port() + "/silenttalk\n";
    }

    private Map<String, String> env() {
        return Map.of("OPSCTL_SOURCE_PASSWORD", new String(ThrowawayCluster.readPassword(source.handle().passwordFile())),
                "OPSCTL_S3_KEY", "opsctl-test", "OPSCTL_S3_SECRET", SECRET_KEY);
    }

    @Test
    void drill_whenTheDrRegionIsALockedBucket_passesAndNamesTheRetainUntilReadBackFromTheBucket(LocalProcessServer server)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve("locked"));
        String bucket = "offsite-locked";
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("opsctl-test", SECRET_KEY)))
                .build();
        s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters, sourceConfig()
                + "regions:\n  copies:\n    dr: s3://" + bucket + "/silenttalk\n"
                + "s3:\n  endpoint: " + server.endpoint() + "\n  accessKeyIdEnv: OPSCTL_S3_KEY\n"
                + "  secretAccessKeyEnv: OPSCTL_S3_SECRET\n  lockMode: COMPLIANCE\n"));

        OpsctlRun run = OpsctlRun.in(dir, env(), "drill");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = LocalJson.MAPPER.readTree(dir.resolve("drill-report.json").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        String id = report.get("snapshotId").asText();
        assertThat(report.get("copyKind").asText()).isEqualTo("SUITE_SNAPSHOT");
        assertThat(report.get("copy").asText()).isEqualTo("s3://" + bucket + "/silenttalk/" + id + "/");
        Instant readBack = s3.getObjectRetention(r -> r.bucket(bucket).key("silenttalk/" + id + "/dump.pgc"))
                .retention().retainUntilDate();
        JsonNode regions = report.get("protection").get("regions");
        assertThat(regions.get(0).get("region").asText()).isEqualTo("primary");
        assertThat(regions.get(0).get("lock").get("immutability").asText()).isEqualTo("NOT_IMMUTABLE");
        assertThat(regions.get(1).get("region").asText()).isEqualTo("dr");
        assertThat(regions.get(1).get("snapshotId").asText()).isEqualTo(id);
        assertThat(regions.get(1).get("lock").get("immutability").asText()).isEqualTo("IMMUTABLE");
        assertThat(Instant.parse(regions.get(1).get("lock").get("retainUntil").asText())).isEqualTo(readBack);
        assertThat(regions.get(1).get("lock").get("mode").asText()).isEqualTo("COMPLIANCE");
        assertThat(report.get("protection").get("newestVerifiedCopyDeletable").asBoolean()).isFalse();
        assertThat(report.get("protection").get("newestVerifiedCopy").asText()).isEqualTo("dr/" + id);
        assertThat(Files.readString(dir.resolve("drill-report.html"))).contains("Immutability", readBack.toString());
        assertThat(new String(s3.getObjectAsBytes(r -> r.bucket(bucket).key("silenttalk/" + id + "/verification.json"))
                .asByteArray())).contains("VERIFIED");
        assertThat(run.stdout() + run.stderr() + Files.readString(dir.resolve("drill-report.json"))).doesNotContain(SECRET_KEY);
        assertThat(TestClusters.leftovers(clusters)).containsExactly(clusters.resolve("objectlock-source"));
    }

    @Test
    void drill_whenEveryRegionIsADirectory_saysNotImmutablePerRegionAndFlagsTheDatabase() throws Exception {
        Path dir = Files.createDirectories(work.resolve("directories"));
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), clusters, sourceConfig()));

        OpsctlRun run = OpsctlRun.in(dir, env(), "drill");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = LocalJson.MAPPER.readTree(dir.resolve("drill-report.json").toFile());
        JsonNode regions = report.get("protection").get("regions");
        assertThat(regions).hasSize(2);
        for (JsonNode region : regions) {
            assertThat(region.get("lock").get("immutability").asText()).isEqualTo("NOT_IMMUTABLE");
            assertThat(region.get("lock").path("retainUntil").isNull()).as("no retain-until").isTrue();
            assertThat(region.get("lock").get("evidence").asText()).contains("is a directory");
        }
        assertThat(report.get("protection").get("newestVerifiedCopyDeletable").asBoolean()).isTrue();
        assertThat(Files.readString(dir.resolve("drill-report.html"))).contains("FLAGGED", "not immutable");
        assertThat(run.stderr()).contains("flagged: the newest verified copy can be deleted by the suite's own credentials");
    }
}

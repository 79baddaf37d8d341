package com.silenttalk.automation.local.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InvalidFieldException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path work;

    @Test
    void load_whenNoFile_givesTheDocumentedDefaults() {
        OpsConfig c = ConfigLoader.load(null, Map.of(), work);

        assertThat(c.backup().policy().interval()).isEqualTo(Duration.ofHours(6));
        assertThat(c.backup().policy().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.drill().targets().rto()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.drill().targets().rpo()).isEqualTo(Duration.ofHours(6));
        assertThat(c.drill().region()).isEqualTo("dr");
        assertThat(c.stateDir()).isEqualTo(work.resolve("opsctl-data"));
        assertThat(c.backup().policy().copyTargets()).containsExactly("dr");
    }

    @Test
    void load_theShippedExample_parsesCleanly() throws Exception {
        Path example = Path.of("..", "opsctl.example.yaml");
        OpsConfig c = ConfigLoader.load(example.toAbsolutePath(), Map.of(), work);

        assertThat(c.drill().probes()).isNotEmpty();
        assertThat(c.source().url()).startsWith("postgresql://");
    }

    @Test
    void load_whenEnvironmentOverrides_theyWinOverTheFile() throws Exception {
        Path file = Files.writeString(work.resolve("c.yaml"), "backup:\n  retention: 30d\n");

        OpsConfig c = ConfigLoader.load(file, Map.of("OPSCTL_CFG_BACKUP_RETENTION", "10d",
                "OPSCTL_CFG_BACKUP_MIN_VERIFIED_KEPT", "2", "OPSCTL_CFG_DRILL_RTOTARGET", "PT20M", "UNRELATED", "x"), work);

        assertThat(c.backup().policy().retention()).isEqualTo(Duration.ofDays(10));
        assertThat(c.backup().policy().minVerifiedKept()).isEqualTo(2);
        assertThat(c.drill().targets().rto()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void load_whenAnOverrideNamesNoKey_namesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("OPSCTL_CFG_BACKUP_RETENTOIN", "1d"), work))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("OPSCTL_CFG_BACKUP_RETENTOIN:");
    }

    @Test
    void load_whenYamlIsBroken_namesTheLine() throws Exception {
        Path file = Files.writeString(work.resolve("c.yaml"), "backup:\n  retention: [30d\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), work))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("line");
    }

    @Test
    void durationText_acceptsShortAndIsoForms() {
        assertThat(DurationText.parse("f", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("f", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("f", "6h")).isEqualTo(Duration.ofHours(6));
        assertThat(DurationText.parse("f", "30d")).isEqualTo(Duration.ofDays(30));
        assertThat(DurationText.parse("f", "PT6H")).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> DurationText.parse("backup.retention", "0d")).hasMessageStartingWith("backup.retention:");
        assertThatThrownBy(() -> DurationText.parse("backup.retention", "3x")).hasMessageContaining("cannot parse '3x'");
    }

    // ---- s3:// regions -------------------------------------------------------------------------

    @Test
    void load_whenACopyRegionIsAnS3Uri_makesItABucketRegionAndTheDefaultDrillRegion() throws Exception {
        Path file = Files.writeString(work.resolve("c.yaml"), "regions:\n  copies:\n    offsite: s3://st-backups/prod/db\n"
                + "    nearby: /mnt/nas\ns3:\n  endpoint: http://127.0.0.1:9000\n  region: eu-west-3\n  lockMode: governance\n"
                + "  lockRetention: 35d\n  accessKeyIdEnv: MINIO_KEY\n");

        OpsConfig c = ConfigLoader.load(file, Map.of("OPSCTL_CFG_S3_PATHSTYLE", "false"), work);

        assertThat(c.regions().buckets()).containsExactly(Map.entry("offsite", new OpsConfig.Bucket("st-backups", "prod/db/")));
        assertThat(c.regions().copies()).containsOnlyKeys("nearby");
        assertThat(c.drill().region()).isEqualTo("offsite");
        assertThat(c.backup().policy().copyTargets()).containsExactly("offsite", "nearby");
        OpsConfig.ObjectStore s3 = c.regions().objectStore();
        assertThat(s3.endpoint()).hasToString("http://127.0.0.1:9000");
        assertThat(s3.region()).isEqualTo("eu-west-3");
        assertThat(s3.lockMode()).isEqualTo("GOVERNANCE");
        assertThat(s3.lockRetention()).isEqualTo(Duration.ofDays(35));
        assertThat(s3.accessKeyIdEnv()).isEqualTo("MINIO_KEY");
        assertThat(s3.secretAccessKeyEnv()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(s3.pathStyle()).isFalse();
    }

    @Test
    void load_whenS3SettingsAreWrong_namesTheKey() throws Exception {
        Map<String, String> cases = Map.of(
                "regions:\n  copies:\n    dr: s3://Not_A_Bucket/x\n", "regions.copies.dr:",
                "regions:\n  copies:\n    dr: s3://bucket//x\n", "regions.copies.dr:",
                "regions:\n  primary: s3://bucket/x\n", "regions.primary:",
                "s3:\n  lockMode: forever\n", "s3.lockMode:",
                "s3:\n  lockRetention: -1d\n", "s3.lockRetention:",
                "s3:\n  endpoint: ftp://host\n", "s3.endpoint:",
                "s3:\n  bucket: x\n", "s3.bucket:");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Path file = Files.writeString(work.resolve("bad.yaml"), e.getKey());
            assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), work)).as(e.getKey())
                    .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith(e.getValue());
        }
    }
}

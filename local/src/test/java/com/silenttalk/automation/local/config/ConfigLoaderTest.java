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
}

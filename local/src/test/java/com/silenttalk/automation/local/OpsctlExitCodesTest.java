package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an operator sees when the drill cannot run: one line, and an exit code that says whose fault it is. */
class OpsctlExitCodesTest {
    @TempDir
    Path work;

    @Test
    void drill_whenTheSourceIsUnreachable_exits3WithOneClearLine() throws Exception {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--source-url",
                "postgresql://backup@127.0.0.1:" + closedPort + "/silenttalk");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).contains("unreachable").contains("127.0.0.1:" + closedPort);
        assertThat(run.stdout()).isEmpty();
        assertThat(work.resolve("state/drills")).doesNotExist();
    }

    @Test
    void drillDemo_whenAPostgresBinaryIsMissing_exits3NamingTheBinary() throws Exception {
        Path fakeBin = Files.createDirectories(work.resolve("pgbin"));
        OpsctlRun run = OpsctlRun.in(work, Map.of("PG_BIN", fakeBin.toString()), "drill", "--demo", "--rows", "100");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).contains("PostgreSQL binary 'initdb' not found").contains("PG_BIN");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative retention|backup:\\n  retention: -5d|backup.retention",
            "unknown key|backup:\\n  retentoin: 30d|backup.retentoin",
            "unparsable duration|drill:\\n  rtoTarget: soon|drill.rtoTarget",
            "unknown section|backups:\\n  retention: 30d|backups",
            "retention shorter than interval|backup:\\n  interval: 6h\\n  retention: 1h|backup.retention",
            "unknown drill region|drill:\\n  region: mars|drill.region",
            "bad compression|backup:\\n  compression: 12|backup.compression",
            "probe without sql|drill:\\n  probes:\\n    - name: p\\n      expect: t|drill.probes[0].sql"})
    void anyCommand_whenTheConfigurationIsBad_exits2NamingTheKey(String what, String yaml, String key) throws Exception {
        TestClusters.writeConfig(work, yaml.replace("\\n", "\n"));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: " + key + ":");
        assertThat(run.stderr().lines().toList()).hasSize(1);
    }

    @Test
    void anyCommand_whenAnEnvironmentOverrideIsBad_exits2NamingTheVariable() {
        OpsctlRun run = OpsctlRun.in(work, Map.of("OPSCTL_CFG_BACKUP_RETENTION", "forever"), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).contains("backup.retention").contains("forever");
    }

    @Test
    void drill_whenOptionsConflict_exits2() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--source-url", "postgresql://a@127.0.0.1/b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--demo");
    }

    @Test
    void drill_whenAnOptionIsUnknown_exits2WithUsageHint() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demoo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--demoo").contains("opsctl drill --help");
    }

    @Test
    void help_listsEveryCommand() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("drill", "snapshot", "copy", "verify", "prune", "report", "Exit codes");
    }
}

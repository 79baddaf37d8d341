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
            "probe without sql|drill:\\n  probes:\\n    - name: p\\n      expect: t|drill.probes[0].sql",
            // issue #14: each of these was exit 70 or silently accepted
            "retention overflows a long|backup:\\n  retention: 99999999999999999999d|backup.retention",
            "retention of Long.MAX seconds|backup:\\n  retention: 9223372036854775807s|backup.retention",
            "jobs overflow an int|backup:\\n  jobs: 99999999999|backup.jobs",
            "NUL in stateDir|stateDir: \"a\\0b\"|stateDir",
            "stateDir is a file|stateDir: opsctl.yaml|stateDir",
            "a repeated key|stateDir: a\\nstateDir: b|stateDir",
            "a repeated key in a section|backup:\\n  retention: 10d\\n  retention: 20d|backup.retention",
            "a repeated section|backup:\\n  retention: 10d\\nbackup:\\n  interval: 6h|backup",
            "a repeated probe key|drill:\\n  probes:\\n    - name: p\\n      name: q|drill.probes[0].name",
            "a second document|stateDir: a\\n---\\nstateDir: b|config",
            "a copy region that is the primary|regions:\\n  primary: x\\n  copies:\\n    dr: x|regions.copies.dr",
            "two copy regions in one directory|regions:\\n  copies:\\n    dr: x\\n    dr2: ./x|regions.copies.dr2",
            "a port for a URL|source:\\n  url: 5432|source.url",
            "an unknown tag|stateDir: !foo a|stateDir",
            "an unknown tag on a section|backup: !defaults\\n  retention: 10d|backup",
            "a mapping for a duration|backup:\\n  retention:\\n    days: 10|backup.retention"})
    void anyCommand_whenTheConfigurationIsBad_exits2NamingTheKey(String what, String yaml, String key) throws Exception {
        TestClusters.writeConfig(work, yaml.replace("\\n", "\n"));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: " + key + ":");
        assertThat(run.stderr().lines().toList()).hasSize(1);
    }

    @Test
    void anyCommand_whenTheConfigurationIsNested10000Deep_exits2() throws Exception {
        TestClusters.writeConfig(work, "stateDir: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: config: ").contains("nesting depth");
        assertThat(run.stderr().lines().toList()).hasSize(1);
    }

    @Test
    void anyCommand_whenAnOverrideOverflows_exits2NamingTheKey() {
        OpsctlRun run = OpsctlRun.in(work, Map.of("OPSCTL_CFG_BACKUP_RETENTION", "99999999999999999999d"), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: backup.retention: must be at most 36500d");
    }

    @Test
    void pruneDryRun_inAFreshDirectory_writesNothing() throws Exception {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (var files = Files.list(work)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anyCommand_whenAMessageEchoesHostileInput_printsItCutAndEscapedOnOneLine() throws Exception {
        TestClusters.writeConfig(work, "drill:\n  region: \"\\e]0;owned\\a\\u202Egnp.exe" + "x".repeat(100_000) + "\"\n");

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "prune", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .startsWith("opsctl: bad input: drill.region: '\\u001B]0;owned\\u0007\\u202Egnp.exexxx")
                .contains("... (99818 more characters)' is not a configured region")
                .hasSizeLessThan(400);
        assertThat(run.stderr()).doesNotContain("\u001b", "\u0007", "\u202E");
    }

    @Test
    void alertRoute_whenAnOptionIsUnknown_hintsAtTheWholeCommand() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "alert", "route", "--evnt", "x.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Try 'opsctl alert route --help'.");
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

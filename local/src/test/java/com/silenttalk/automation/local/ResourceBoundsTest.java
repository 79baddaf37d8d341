package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs that would fill the disk or the heap are refused up front: exit 2, one line naming the option and the figure. */
class ResourceBoundsTest {
    private static final long OVER_LIMIT = LocalFiles.MAX_EVENT_BYTES + 1;

    @TempDir
    Path work;

    @ParameterizedTest(name = "drill --demo --rows {0}")
    @ValueSource(strings = {"99999999999", "100000001", "9"})
    void drillDemo_whenRowsAreOutOfRange_exits2BeforeStartingAnything(String rows) throws IOException {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", rows);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).startsWith("opsctl: bad input: --rows: must be 10-100000000 rows, got " + rows);
        assertThat(work.resolve("state")).doesNotExist();
        assertThat(work.resolve("clusters")).doesNotExist();
    }

    @Test
    void failoverDemo_whenRowsAreOutOfRange_exits2BeforeStartingAnything() throws IOException {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "--demo", "--rows", "99999999999");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: --rows: must be 10-100000000 rows");
        assertThat(work.resolve("clusters")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"invoke --cloud aws --function snapshot-copier --dry-run",
            "invoke --cloud azure --function backup-copier --dry-run",
            "alert route --dry-run",
            "scale --dry-run"})
    void eventCommand_whenTheEventFileIsOver10MB_exits2NamingItsSize(String command) throws IOException {
        Path huge = work.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(OVER_LIMIT); // sparse: the test costs no disk
        }

        OpsctlRun run = OpsctlRun.in(work, Map.of(), (command + " --event huge.json").split(" "));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).as(run.toString()).hasSize(1);
        assertThat(run.stderr()).contains("--event").contains("huge.json is " + OVER_LIMIT + " bytes")
                .contains("limited to " + LocalFiles.MAX_EVENT_BYTES + " bytes");
        assertThat(run.stdout()).isEmpty();
        assertThat(work.resolve("opsctl-data")).doesNotExist();
    }

    @Test
    void alertRoute_whenTheEventIsExactlyAtTheLimit_isRead() throws IOException {
        byte[] fixture;
        try (InputStream in = getClass().getResourceAsStream("/events/cloudwatch/alarm-state-change-metric.json")) {
            fixture = in.readAllBytes();
        }
        byte[] padded = new byte[(int) LocalFiles.MAX_EVENT_BYTES];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(fixture, 0, padded, 0, fixture.length);
        Files.write(work.resolve("padded.json"), padded);

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "alert", "route", "--dry-run", "--event", "padded.json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("\"alert\"");
    }

    @Test
    void readEvent_whenTheFileIsMissing_namesTheOption() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "scale", "--dry-run", "--event", "absent.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--event: no such file").contains("absent.json");
        assertThat(run.stderr().lines()).hasSize(1);
    }
}

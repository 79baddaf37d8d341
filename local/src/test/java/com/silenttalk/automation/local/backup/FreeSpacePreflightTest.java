package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.local.DiskSpace;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.drill.DemoDataset;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Too little free space is refused before anything is written (issue #14 item 2: nothing checked it,
 * and a demo filled the disk): exit 3 naming what is needed and what is free. The free space comes
 * from a {@link DiskSpace} the test feeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreeSpacePreflightTest {
    private static final long MIB = 1024 * 1024;
    private static final DiskSpace ONE_MIB_FREE = path -> new DiskSpace.Volume("test", MIB);
    private static final Pattern BOTH_NUMBERS = Pattern.compile("need about .* \\((\\d+) bytes\\) with a margin, "
            + "and that file system has .* \\((\\d+) bytes\\) free");

    @TempDir
    static Path work;
    private ThrowawayCluster source;
    private Map<String, String> env;

    @BeforeAll
    void startSource() {
        source = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), work.resolve("clusters"), "space-source");
        source.createDatabase("silenttalk");
        DemoDataset.load(source.endpoint("silenttalk"), 5000);
        env = Map.of("OPSCTL_SOURCE_PASSWORD", new String(source.endpoint("silenttalk").password()));
    }

    @AfterAll
    void stopSource() {
        source.close();
    }

    private Path dir(String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        TestClusters.writeConfig(dir, TestClusters.config(dir.resolve("state"), dir.resolve("clusters"),
                "source:\n  url: postgresql://opsctl@127.0.0.1:" + source.handle().port() + "/silenttalk\n"));
        return dir;
    }

    @Test
    void drill_whenTheDiskIsTooSmall_exits3WithBothNumbers_beforeAnythingIsWritten() throws Exception {
        Path dir = dir("drill");

        OpsctlRun run = OpsctlRun.in(dir, env, ONE_MIB_FREE, "drill");

        assertRefusedWithBothNumbers(run, MIB);
        assertThat(run.stderr()).contains("the dump in ").contains("the copy to dr in ").contains("the restore in ");
        assertNothingWritten(dir);
    }

    @Test
    void snapshot_whenTheDiskIsTooSmall_exits3BeforeAnythingIsWritten() throws Exception {
        Path dir = dir("snapshot");

        OpsctlRun run = OpsctlRun.in(dir, env, ONE_MIB_FREE, "snapshot");

        assertRefusedWithBothNumbers(run, MIB);
        assertNothingWritten(dir);
    }

    @Test
    void drillDemo_whenTheDiskIsTooSmall_exits3BeforeItsSourceIsMade() throws Exception {
        Path dir = dir("demo");

        OpsctlRun run = OpsctlRun.in(dir, env, ONE_MIB_FREE, "drill", "--demo", "--rows", "2000");

        assertRefusedWithBothNumbers(run, MIB);
        assertThat(run.stderr()).contains("the demo's servers (2000 rows) in " + dir.resolve("clusters"))
                .contains("the demo's dump and copy in " + dir.resolve("state/demo"));
        assertNothingWritten(dir);
    }

    @Test
    void drillDemo_whenOnlyTheServersFileSystemIsTooSmall_exits3NamingIt() throws Exception {
        Path dir = dir("demo-servers");
        DiskSpace clustersSmall = path -> path.startsWith(dir.resolve("clusters"))
                ? new DiskSpace.Volume("clusters", MIB) : DiskSpace.SYSTEM.volumeOf(path);

        OpsctlRun run = OpsctlRun.in(dir, env, clustersSmall, "drill", "--demo", "--rows", "2000");

        assertRefusedWithBothNumbers(run, MIB);
        assertThat(run.stderr()).contains("the demo's servers (2000 rows) in " + dir.resolve("clusters"))
                .doesNotContain("dump and copy");
        assertNothingWritten(dir);
    }

    @Test
    void failoverDemo_whenTheDiskIsTooSmall_exits3BeforeAnythingIsWritten() throws Exception {
        Path dir = dir("failover");

        OpsctlRun run = OpsctlRun.in(dir, env, ONE_MIB_FREE, "failover", "--demo", "--rows", "2000");

        assertRefusedWithBothNumbers(run, MIB);
        assertThat(run.stderr()).contains("the failover demo of 2000 rows (a primary and its standby) in " + dir.resolve("clusters"));
        assertNothingWritten(dir);
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void copy_whenOnlyTheCopyRegionIsTooSmall_exits3AndCopiesNothing() throws Exception {
        Path dir = dir("copy");
        assertThat(OpsctlRun.in(dir, env, "snapshot").exitCode()).isZero();
        DiskSpace drSmall = path -> path.startsWith(dir.resolve("state/regions/dr"))
                ? new DiskSpace.Volume("dr", MIB) : DiskSpace.SYSTEM.volumeOf(path);
        Map<Path, String> before = filesWithSizeAndTime(dir);

        OpsctlRun run = OpsctlRun.in(dir, env, drSmall, "copy");

        assertRefusedWithBothNumbers(run, MIB);
        assertThat(run.stderr()).contains("the copy to dr in ");
        assertThat(dir.resolve("state/regions/dr")).doesNotExist();
        assertThat(withoutLeases(filesWithSizeAndTime(dir))).as("no ledger record, no file written or changed")
                .isEqualTo(withoutLeases(before));
        assertNoLeaseHeld(dir);
    }

    @Test
    void verify_whenTheClustersDiskIsTooSmall_exits3AndStartsNoServer() throws Exception {
        Path dir = dir("verify");
        OpsctlRun snapshot = OpsctlRun.in(dir, env, "snapshot");
        assertThat(OpsctlRun.in(dir, env, "copy").exitCode()).isZero();
        String id = LocalJson.MAPPER.readTree(snapshot.stdout()).get("snapshot").asText();
        Map<Path, String> before = filesWithSizeAndTime(dir);

        OpsctlRun run = OpsctlRun.in(dir, env, ONE_MIB_FREE, "verify", "--snapshot", id);

        assertRefusedWithBothNumbers(run, MIB);
        assertThat(run.stderr()).contains("the restore in " + dir.resolve("clusters"));
        assertThat(TestClusters.leftovers(dir.resolve("clusters"))).isEmpty();
        assertThat(dir.resolve("state/drills")).doesNotExist();
        assertThat(withoutLeases(filesWithSizeAndTime(dir))).as("no ledger record, no file written or changed")
                .isEqualTo(withoutLeases(before));
        assertNoLeaseHeld(dir);
    }

    @Test
    void require_sumsTheNeedsThatShareAFileSystem() {
        Path a = work.resolve("a");
        Path b = work.resolve("b");
        List<SpacePreflight.Need> needs = List.of(new SpacePreflight.Need("the dump", a, 60 * MIB),
                new SpacePreflight.Need("the restore", b, 60 * MIB));
        DiskSpace oneVolume = path -> new DiskSpace.Volume("one", 100 * MIB);
        DiskSpace twoVolumes = path -> new DiskSpace.Volume(path.equals(a) ? "a" : "b", 100 * MIB);

        assertThatThrownBy(() -> SpacePreflight.require(oneVolume, needs)).isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("the dump in " + a).hasMessageContaining("the restore in " + b)
                .hasMessageContaining("(" + 120 * MIB + " bytes)").hasMessageContaining("(" + 100 * MIB + " bytes) free");
        assertThatCode(() -> SpacePreflight.require(twoVolumes, needs)).doesNotThrowAnyException();
    }

    private static void assertRefusedWithBothNumbers(OpsctlRun run, long free) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr().lines().toList()).as(run.toString()).hasSize(1);
        Matcher m = BOTH_NUMBERS.matcher(run.stderr());
        assertThat(m.find()).as(run.stderr()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isGreaterThan(free);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(free);
        assertThat(run.stdout()).isEmpty();
    }

    /**
     * No snapshot, no ledger record, no journal, no report, no server: nothing but the configuration,
     * empty directories and the released lease's lock file, which is empty (kept for the next run to lock).
     */
    private static void assertNothingWritten(Path dir) throws Exception {
        Map<Path, String> files = filesWithSizeAndTime(dir);
        assertThat(files.keySet()).as("files in %s", dir).allMatch(f -> f.equals(Path.of("opsctl.yaml"))
                || isLease(f));
        assertNoLeaseHeld(dir);
        assertThat(TestClusters.leftovers(dir.resolve("clusters"))).isEmpty();
    }

    private static void assertNoLeaseHeld(Path dir) throws Exception {
        filesWithSizeAndTime(dir).forEach((f, sizeAndTime) -> {
            if (isLease(f)) {
                assertThat(sizeAndTime).as("the released lease %s", f).startsWith("0 bytes");
            }
        });
    }

    private static Map<Path, String> withoutLeases(Map<Path, String> files) {
        Map<Path, String> rest = new TreeMap<>(files);
        rest.keySet().removeIf(FreeSpacePreflightTest::isLease);
        return rest;
    }

    /** A lease's lock file: {@code <state dir>/leases/*.lock} (the demo's state dir is {@code state/demo}). */
    private static boolean isLease(Path relative) {
        return relative.getParent() != null && relative.getParent().endsWith("leases") && relative.toString().endsWith(".lock");
    }

    /** Every regular file under {@code dir} (relative), with its size and modification time. */
    private static Map<Path, String> filesWithSizeAndTime(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            Map<Path, String> files = new TreeMap<>();
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f), Files.size(f) + " bytes, modified " + Files.getLastModifiedTime(f));
            }
            return files;
        }
    }
}

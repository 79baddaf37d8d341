package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.silenttalk.automation.local.postgres.PgTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump holds every row of the database: what opsctl writes is its owner's alone (files 0600 in
 * directories 0700), and it never changes the mode of a directory it did not create.
 */
class PrivateFilesTest {
    @TempDir
    Path work;

    @Test
    void drillDemo_writesEveryFileOwnerOnly_andLeavesDirectoriesItDidNotCreateAlone() throws Exception {
        Path sharedTmp = Files.createDirectory(work.resolve("shared-tmp"));
        chmod("1777", sharedTmp); // like /tmp: world-writable with the sticky bit
        int workMode = mode(work);
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), sharedTmp.resolve("opsctl/clusters"), ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "2000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(work.resolve("state"))) {
            for (Path p : all.toList()) {
                int expected = Files.isDirectory(p) ? 0700 : 0600;
                if (mode(p) != expected) {
                    wrong.add(work.relativize(p) + " is " + Integer.toOctalString(mode(p)));
                }
            }
        }
        assertThat(wrong).as("every file and directory under the state directory").isEmpty();
        assertThat(Files.list(work.resolve("state/demo/regions/primary")).toList()).as("a snapshot was written").isNotEmpty();
        assertThat(mode(work.resolve("drill-report.json"))).isEqualTo(0600);
        assertThat(mode(work.resolve("drill-report.html"))).isEqualTo(0600);
        assertThat(mode(sharedTmp)).as("the sticky, world-writable parent is untouched").isEqualTo(01777);
        assertThat(mode(work)).as("the working directory is untouched").isEqualTo(workMode);
    }

    @Test
    void drillDemo_whenTheServerUserCannotReachTheClustersDir_exits3NamingTheDirectoryAndChangesNothing() throws Exception {
        assumeTrue(PgTool.runningAsRoot(), "only as root do the servers run as another user");
        Path closed = Files.createDirectory(work.resolve("closed"));
        chmod("700", closed);
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), closed.resolve("clusters"), ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "2000");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).contains("'postgres'").contains(closed + " is mode rwx------")
                .contains("chmod o+x " + closed);
        assertThat(mode(closed)).isEqualTo(0700);
        assertThat(closed.resolve("clusters")).doesNotExist();
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    private static void chmod(String mode, Path p) throws Exception {
        assertThat(new ProcessBuilder("chmod", mode, p.toString()).start().waitFor()).isZero();
    }
}

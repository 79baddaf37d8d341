package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.silenttalk.automation.local.postgres.PgTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged opsctl.jar, as a newcomer runs it. The surefire suite runs as whoever runs Maven
 * (root in CI, where servers run as 'postgres' through runuser); this runs the jar as the
 * unprivileged 'postgres' user, so both ways of running are proven on every build.
 */
class OpsctlJarAsUnprivilegedUserIT {
    @Test
    void drillDemo_runAsAnUnprivilegedUser_passes() throws Exception {
        assumeTrue(PgTool.runningAsRoot(), "only root can switch to the postgres user; as a normal user the surefire suite already covers this");
        Path jar = Path.of("target", "opsctl.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path home = Files.createTempDirectory("opsctl-it");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path copy = Files.copy(jar, home.resolve("opsctl.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process p = new ProcessBuilder(List.of("runuser", "-u", "postgres", "--", java, "-Djava.io.tmpdir=" + home,
                "-jar", copy.toString(), "drill", "--demo", "--rows", "2000"))
                .directory(home.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("passed");
        assertThat(home.resolve("drill-report.json")).exists();
        assertThat(Files.getOwner(home.resolve("drill-report.json")).getName()).isEqualTo("postgres");
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor();
    }
}

package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source password reaches pg_dump and JDBC, and nothing else: not output, reports, ledger or journal. */
class SecretsNeverLeakTest {
    @TempDir
    Path work;

    @Test
    void drill_withAPasswordProtectedSource_neverWritesThePasswordAnywhere() throws Exception {
        Path clusters = work.resolve("clusters");
        try (ThrowawayCluster source = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), clusters, "secret-source")) {
            source.createDatabase("silenttalk");
            PgEndpoint endpoint = source.endpoint("silenttalk");
            DemoDataset.load(endpoint, 500);
            String password = new String(endpoint.password());
            TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters,
                    "source:\n  url: postgresql://opsctl@127.0.0.1:" + source.handle().port() + "/silenttalk\n"));

            OpsctlRun run = OpsctlRun.in(work, Map.of("OPSCTL_SOURCE_PASSWORD", password), "drill");
            OpsctlRun wrong = OpsctlRun.in(work, Map.of("OPSCTL_SOURCE_PASSWORD", password + "x"), "drill");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(wrong.exitCode()).as("a wrong password is an environment failure").isEqualTo(3);
            assertThat(run.stdout() + run.stderr() + wrong.stdout() + wrong.stderr()).doesNotContain(password);
            List<Path> written = new ArrayList<>();
            try (Stream<Path> files = Files.walk(work.resolve("state"))) {
                files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("dump.pgc")).forEach(written::add);
            }
            written.add(work.resolve("drill-report.json"));
            written.add(work.resolve("drill-report.html"));
            assertThat(written).hasSizeGreaterThan(5);
            for (Path f : written) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password);
            }
            assertThat(endpoint.toString()).doesNotContain(password);
        }
    }
}

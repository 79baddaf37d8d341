package com.silenttalk.automation.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A broken source credential shows on the next snapshot call, even when this window's snapshot already exists. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotSourceLoginTest {
    private static final String RIGHT = "right-Pa55word-for-backup";
    private static final String WRONG = "wrong-Pa55word-for-backup";

    @TempDir
    static Path work;
    private ThrowawayCluster source;

    @BeforeAll
    void startSource() throws Exception {
        source = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), work.resolve("clusters"), "login-source");
        source.createDatabase("silenttalk");
        try (Connection c = source.endpoint("silenttalk").connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE backup LOGIN PASSWORD '" + RIGHT + "'");
            s.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)");
            s.execute("GRANT SELECT ON t TO backup");
        }
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"),
                "source:\n  url: postgresql://backup@127.0.0.1:" + source.handle().port() + "/silenttalk\n"));
    }

    @AfterAll
    void stopSource() {
        source.close();
    }

    @Test
    void snapshot_whenTheWindowsSnapshotExistsAndThePasswordIsWrong_exits3() throws Exception {
        OpsctlRun first = OpsctlRun.in(work, Map.of("OPSCTL_SOURCE_PASSWORD", RIGHT), "snapshot");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(LocalJson.MAPPER.readTree(first.stdout()).get("status").asText()).isEqualTo("TAKEN");
        List<Path> before = everything(work.resolve("state"));

        OpsctlRun second = OpsctlRun.in(work, Map.of("OPSCTL_SOURCE_PASSWORD", WRONG), "snapshot");

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
        assertThat(second.stderr().lines().toList()).hasSize(1);
        assertThat(second.stderr()).contains("password authentication failed").contains("backup@127.0.0.1");
        assertThat(second.stderr() + second.stdout()).doesNotContain(WRONG).doesNotContain(RIGHT);
        assertThat(second.stdout()).isEmpty();
        assertThat(everything(work.resolve("state"))).as("nothing written").isEqualTo(before);

        OpsctlRun third = OpsctlRun.in(work, Map.of("OPSCTL_SOURCE_PASSWORD", RIGHT), "snapshot");
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(LocalJson.MAPPER.readTree(third.stdout()).get("status").asText()).isEqualTo("ALREADY_TAKEN");
    }

    private static List<Path> everything(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.sorted().toList();
        }
    }
}

package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill killed with SIGKILL between steps resumes from the journal on the next run. */
class DrillResumeTest {
    @TempDir
    Path work;

    @Test
    void drillDemo_whenKilledAfterTheCopy_resumesWithoutASecondSnapshot() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "com.silenttalk.automation.local.Opsctl", "drill", "--demo", "--rows", "20000")
                .directory(work.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> seen = new ArrayList<>();
        String runId = null;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                seen.add(line);
                if (line.contains(" started: ")) {
                    runId = line.substring("[drill] ".length(), line.indexOf(" started: "));
                }
                if (line.startsWith("[drill] copy")) {
                    first.destroyForcibly(); // SIGKILL: no shutdown hook, no teardown, exactly like a crash
                    break;
                }
            }
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed, not finished: %s", seen).isNotZero();
        assertThat(runId).as("the first run announced its id: %s", seen).isNotNull();
        assertThat(snapshotsIn(work.resolve("state/demo/regions/primary"))).hasSize(1);

        OpsctlRun second = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "20000");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).contains("resuming " + runId + " at step restore");
        assertThat(second.stderr()).doesNotContain("[drill] snapshot").doesNotContain("[demo] source");
        assertThat(LocalJson.MAPPER.readTree(second.stdout()).get("runId").asText()).isEqualTo(runId);
        assertThat(snapshotsIn(work.resolve("state/demo/regions/primary"))).as("no second snapshot").hasSize(1);
        assertThat(TestClusters.leftovers(clusters)).as("the killed run's source server was removed too").isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    private static List<Path> snapshotsIn(Path region) throws Exception {
        try (Stream<Path> dirs = Files.list(region)) {
            return dirs.filter(d -> Files.exists(d.resolve("snapshot.json"))).toList();
        }
    }
}

package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.local.ChildOpsctl;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three drills in one directory (issue #14 item 1: they resumed and deleted each other's runs):
 * one runs, one started plainly is refused naming it, one started with --wait runs after it, and
 * nothing of the running drill is touched meanwhile.
 */
class SingleFlightDrillTest {
    @TempDir
    Path work;

    @Test
    void threeDemoDrillsInOneDirectory_oneRunsTheOthersRefuseOrWait_andNothingOfTheRunningOneIsDeleted() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        try (ChildOpsctl first = ChildOpsctl.start(work, "saved:verify", "drill", "--demo", "--rows", "2000")) {
            String started = first.awaitLine(l -> l.contains(" started: "), Duration.ofMinutes(3));
            String runId = started.substring("[drill] ".length(), started.indexOf(" started: "));
            first.awaitPause("saved:verify"); // snapshot, copy and restore done; its throwaway server is running
            try (ChildOpsctl third = ChildOpsctl.start(work, "", "drill", "--demo", "--rows", "2000", "--wait")) {
                third.awaitLine(l -> l.startsWith("[drill] waiting for the drill of 'silenttalk-demo' running in process " + first.pid()
                        + " (started "), Duration.ofMinutes(1));
                List<Path> before = filesOf(work.resolve("state/demo"), clusters.resolve("drill-" + runId));

                OpsctlRun second = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "2000");

                assertThat(second.exitCode()).as(second.toString()).isEqualTo(2);
                assertThat(second.stderr().lines().toList()).hasSize(1);
                assertThat(second.stderr()).startsWith("opsctl: bad input: drill: the drill of 'silenttalk-demo' is already running in process "
                        + first.pid()).contains("--wait");
                assertThat(filesOf(work.resolve("state/demo"), clusters.resolve("drill-" + runId)))
                        .as("the refused drill touched nothing of the running one").containsAll(before);
                assertThat(TestClusters.serverProcesses(clusters.resolve("drill-" + runId))).as("its server still runs").isNotEmpty();

                first.resume();
                assertThat(first.awaitExit(Duration.ofMinutes(3))).as(first.stderr()).isZero();
                JsonNode firstReport = LocalJson.MAPPER.readTree(first.stdout());
                assertThat(firstReport.get("runId").asText()).isEqualTo(runId);
                assertThat(firstReport.get("passed").asBoolean()).isTrue();

                assertThat(third.awaitExit(Duration.ofMinutes(3))).as(third.stderr()).isZero();
                JsonNode thirdReport = LocalJson.MAPPER.readTree(third.stdout());
                assertThat(thirdReport.get("runId").asText()).as("a drill of its own, not a resumption").isNotEqualTo(runId);
                assertThat(thirdReport.get("passed").asBoolean()).isTrue();
                assertThat(third.stderr()).doesNotContain("resuming");
            }
        }
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    private static List<Path> filesOf(Path... roots) throws Exception {
        List<Path> all = new java.util.ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> !p.getFileName().toString().startsWith(".")).forEach(all::add);
            }
        }
        return all;
    }
}

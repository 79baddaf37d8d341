package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.local.ChildOpsctl;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at every step boundary of a demo drill, one after the other in one directory: each
 * next run resumes the killed one or closes it as ABANDONED (issue #14 item 8: a record claimed but
 * never saved stayed STARTED for ever), and the last run finishes with one snapshot per region and
 * nothing left behind.
 */
class CrashRecoveryTest {
    @TempDir
    Path work;

    /** What the run after a kill at each point must say; every point is a place where a killed run stops. */
    private record Kill(String point, String nextRunSays) {
    }

    @Test
    void drillDemo_whenKilledAtEveryStepBoundary_eachNextRunResumesOrAbandons_andTheLastOnePasses() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        List<Kill> kills = List.of(
                new Kill("leased:drill", "[demo] source silenttalk on 127.0.0.1:"),
                new Kill("source-loaded", "[demo] source silenttalk on 127.0.0.1:"),
                new Kill("claimed", "marked ABANDONED: its process stopped between the claim and its first saved step"),
                new Kill("saved:snapshot", "marked ABANDONED: stopped during snapshot and the demo source server it read is gone"),
                new Kill("saved:copy", "resuming %s at step copy"),
                new Kill("saved:restore", "resuming %s at step restore"),
                new Kill("saved:verify", "resuming %s at step verify"),
                new Kill("saved:teardown", "resuming %s at step teardown"),
                new Kill("saved:report", "resuming %s at step report"));
        List<String> runIds = new ArrayList<>();
        String previousStderr = null;
        Kill previous = null;
        for (Kill kill : kills) {
            try (ChildOpsctl run = ChildOpsctl.start(work, kill.point(), "drill", "--demo", "--rows", "2000")) {
                run.awaitPause(kill.point());
                runIds.add(runIdIn(run.stderr()));
                run.kill9();
                if (previous != null) {
                    assertThat(run.stderr()).as("after a kill at %s", previous.point())
                            .contains(expected(previous, runIds));
                }
                previousStderr = run.stderr();
                previous = kill;
            }
        }

        OpsctlRun last = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "2000");

        assertThat(last.exitCode()).as("%s%nthe run before said:%n%s", last, previousStderr).isZero();
        assertThat(last.stderr()).contains(expected(previous, runIds));
        JsonNode report = LocalJson.MAPPER.readTree(last.stdout());
        assertThat(report.get("passed").asBoolean()).isTrue();
        String resumed = report.get("runId").asText();
        Map<String, Outcome> outcomes = ledger().stream().filter(r -> r.action().equals("drill"))
                .collect(Collectors.toMap(r -> r.key().value().substring("drill/".length()), AuditRecord::outcome));
        String claimedOnly = runIds.get(2);
        String snapshotKilled = runIds.get(3);
        assertThat(outcomes).containsEntry(claimedOnly, Outcome.ABANDONED).containsEntry(snapshotKilled, Outcome.ABANDONED)
                .containsEntry(resumed, Outcome.SUCCEEDED).hasSize(3);
        assertThat(runIds.subList(4, runIds.size())).as("every later kill was resumed, never restarted").containsOnly(resumed);
        assertThat(snapshotsIn(work.resolve("state/demo/regions/primary"))).hasSize(1);
        assertThat(snapshotsIn(work.resolve("state/demo/regions/dr"))).hasSize(1);
        assertThat(TestClusters.leftovers(clusters)).as("the killed runs' servers were removed").isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    private static String expected(Kill previous, List<String> runIds) {
        String resumedId = runIds.size() > 4 ? runIds.get(4) : "";
        return previous.nextRunSays().contains("%s") ? String.format(previous.nextRunSays(), resumedId) : previous.nextRunSays();
    }

    /** The run id a run announced ("started" or "resuming"), or "-" before its claim. */
    private static String runIdIn(String stderr) {
        for (String line : stderr.lines().toList()) {
            if (line.contains(" started: ")) {
                return line.substring("[drill] ".length(), line.indexOf(" started: "));
            }
            if (line.startsWith("[drill] resuming ")) {
                return line.split(" ")[2];
            }
        }
        return "-";
    }

    private List<AuditRecord> ledger() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("state/demo/ledger"))) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .map(f -> LocalJson.read(f, AuditRecord.class)).toList();
        }
    }

    private static List<Path> snapshotsIn(Path region) throws Exception {
        try (Stream<Path> dirs = Files.list(region)) {
            return dirs.filter(d -> Files.exists(d.resolve("snapshot.json"))).toList();
        }
    }
}

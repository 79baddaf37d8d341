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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} of a demo drill at each step boundary, from the lease to the last save (issue #14
 * item 8: a record claimed but never saved stayed STARTED for ever): the next run resumes the killed
 * drill or closes it as ABANDONED, and finishes, with one snapshot per region and nothing left behind.
 * The killed run is a real opsctl process ({@link com.silenttalk.automation.local.PausingOpsctl})
 * held at the boundary, then sent SIGKILL.
 */
class CrashRecoveryTest {
    private static final String ROWS = "500";

    @TempDir
    Path work;

    /** Where a run is killed, and what the next run does with what it left. */
    enum Boundary {
        LEASED("leased:drill", Next.STARTS_AFRESH, "[demo] source silenttalk on 127.0.0.1:"),
        SOURCE_LOADED("source-loaded", Next.STARTS_AFRESH, "[demo] source silenttalk on 127.0.0.1:"),
        /** Claimed in the ledger, nothing saved in the journal yet: the record of item 8. */
        CLAIMED("claimed", Next.ABANDONS,
                "marked ABANDONED: its process stopped between the claim and its first saved step"),
        SNAPSHOT_SAVED("saved:snapshot", Next.ABANDONS,
                "marked ABANDONED: stopped during snapshot and the demo source server it read is gone"),
        COPY_SAVED("saved:copy", Next.RESUMES, "resuming %s at step copy"),
        RESTORE_SAVED("saved:restore", Next.RESUMES, "resuming %s at step restore"),
        VERIFY_SAVED("saved:verify", Next.RESUMES, "resuming %s at step verify"),
        TEARDOWN_SAVED("saved:teardown", Next.RESUMES, "resuming %s at step teardown"),
        REPORT_SAVED("saved:report", Next.RESUMES, "resuming %s at step report"),
        /** The ledger already says SUCCEEDED; only the report files were not written. */
        DONE_SAVED("saved:done", Next.STARTS_AFRESH, "[demo] source silenttalk on 127.0.0.1:");

        final String point;
        final Next next;
        final String nextRunSays;

        Boundary(String point, Next next, String nextRunSays) {
            this.point = point;
            this.next = next;
            this.nextRunSays = nextRunSays;
        }
    }

    enum Next { STARTS_AFRESH, ABANDONS, RESUMES }

    @ParameterizedTest(name = "kill -9 at {0}")
    @EnumSource(Boundary.class)
    void drillDemo_whenKilledAtAStepBoundary_theNextRunResumesOrAbandonsIt_andFinishes(Boundary kill) throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        String killedId;
        try (ChildOpsctl run = ChildOpsctl.start(work, kill.point, "drill", "--demo", "--rows", ROWS)) {
            run.awaitPause(kill.point);
            killedId = runIdIn(run.stderr());
            run.kill9();
        }
        Map<String, Outcome> left = drillOutcomes();
        if (killedId == null) {
            assertThat(left).as("killed before its claim").isEmpty();
        } else {
            assertThat(left).as("the killed run's record").containsEntry(killedId,
                    kill == Boundary.DONE_SAVED ? Outcome.SUCCEEDED : Outcome.STARTED);
        }
        if (kill == Boundary.CLAIMED) {
            assertThat(work.resolve("state/demo/drills/" + killedId + ".json")).as("nothing saved in the journal").doesNotExist();
        }

        OpsctlRun next = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", ROWS);

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stderr()).contains(kill.nextRunSays.formatted(killedId));
        JsonNode report = LocalJson.MAPPER.readTree(next.stdout());
        assertThat(report.get("passed").asBoolean()).isTrue();
        String finished = report.get("runId").asText();
        Map<String, Outcome> outcomes = drillOutcomes();
        switch (kill.next) {
            case RESUMES -> {
                assertThat(finished).as("resumed, not restarted").isEqualTo(killedId);
                assertThat(next.stderr()).as("no second source, no second snapshot").doesNotContain("[demo] source")
                        .doesNotContain("[drill] snapshot");
                assertThat(outcomes).containsExactlyEntriesOf(Map.of(killedId, Outcome.SUCCEEDED));
            }
            case ABANDONS -> assertThat(outcomes).containsOnly(Map.entry(killedId, Outcome.ABANDONED),
                    Map.entry(finished, Outcome.SUCCEEDED));
            case STARTS_AFRESH -> {
                assertThat(next.stderr()).doesNotContain("resuming").doesNotContain("ABANDONED");
                assertThat(outcomes).containsEntry(finished, Outcome.SUCCEEDED).hasSize(killedId == null ? 1 : 2);
            }
        }
        assertThat(outcomes).doesNotContainValue(Outcome.STARTED);
        assertThat(snapshotsIn(work.resolve("state/demo/regions/primary"))).hasSize(1);
        assertThat(snapshotsIn(work.resolve("state/demo/regions/dr"))).hasSize(1);
        assertThat(TestClusters.leftovers(clusters)).as("the killed run's servers were removed").isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    /** The run id a run announced ("started" or "resuming"), or null before its claim. */
    private static String runIdIn(String stderr) {
        for (String line : stderr.lines().toList()) {
            if (line.contains(" started: ")) {
                return line.substring("[drill] ".length(), line.indexOf(" started: "));
            }
            if (line.startsWith("[drill] resuming ")) {
                return line.split(" ")[2];
            }
        }
        return null;
    }

    private Map<String, Outcome> drillOutcomes() throws Exception {
        Path ledger = work.resolve("state/demo/ledger");
        if (!Files.isDirectory(ledger)) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(ledger)) {
            List<AuditRecord> records = files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .map(f -> LocalJson.read(f, AuditRecord.class)).filter(r -> r.action().equals("drill")).toList();
            return records.stream().collect(Collectors.toMap(r -> r.key().value().substring("drill/".length()), AuditRecord::outcome));
        }
    }

    private static List<Path> snapshotsIn(Path region) throws Exception {
        try (Stream<Path> dirs = Files.list(region)) {
            return dirs.filter(d -> Files.exists(d.resolve("snapshot.json"))).toList();
        }
    }
}

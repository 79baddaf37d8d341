package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
 * Three drills started at once in one directory (issue #14 item 1: they resumed and deleted each
 * other's runs): exactly one runs; a plain one refuses with exit 2 naming it, one started with
 * --wait waits and then runs a drill of its own; nothing of the running drill is touched; both that
 * run pass. Three real opsctl processes race for the lease; which one wins is up to them (when the
 * --wait one wins, both plain ones are refused and a fourth, with --wait, shows the waiting).
 */
class SingleFlightDrillTest {
    /** Where the winner is held: its snapshot, its copy and its restored server all exist then. */
    private static final String HELD_AT = "saved:verify";
    private static final String[] DRILL = {"drill", "--demo", "--rows", "2000"};

    @TempDir
    Path work;

    @Test
    void threeDemoDrillsStartedAtOnce_oneRunsTheOthersRefuseOrWait_andNothingOfTheRunningOneIsDeleted() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        try (ChildOpsctl plainA = ChildOpsctl.start(work, HELD_AT, DRILL);
             ChildOpsctl plainB = ChildOpsctl.start(work, HELD_AT, DRILL);
             ChildOpsctl waiting = ChildOpsctl.start(work, HELD_AT, withWait())) {
            ChildOpsctl winner = awaitTheOneHeld(List.of(plainA, plainB, waiting));
            String runId = runIdIn(winner.stderr());
            String refusal = "opsctl: bad input: drill: the drill of 'silenttalk-demo' is already running in process " + winner.pid()
                    + " (started ";
            for (ChildOpsctl plain : List.of(plainA, plainB)) {
                if (plain != winner) {
                    assertThat(plain.awaitExit(Duration.ofMinutes(2))).as(plain.stderr()).isEqualTo(2);
                    assertThat(plain.stderr().lines().toList()).as("one line, and no step reached").hasSize(1);
                    assertThat(plain.stderr()).startsWith(refusal).contains("--wait");
                }
            }
            // When the --wait one won the race, another starts now: waiting is always shown.
            try (ChildOpsctl waiter = waiting != winner ? waiting : ChildOpsctl.start(work, HELD_AT, withWait())) {
                waiter.awaitLine(l -> l.startsWith("[drill] waiting for the drill of 'silenttalk-demo' running in process "
                        + winner.pid() + " (started "), Duration.ofMinutes(2));
                List<Path> winnersFiles = stateAndServers();
                assertThat(winnersFiles).as("the winner's snapshot, copy, journal and servers")
                        .anyMatch(p -> p.startsWith(work.resolve("state/demo/regions/dr")))
                        .anyMatch(p -> p.startsWith(clusters.resolve("drill-" + runId)));

                OpsctlRun fourth = OpsctlRun.in(work, Map.of(), DRILL); // while the winner's restored server runs

                assertThat(fourth.exitCode()).as(fourth.toString()).isEqualTo(2);
                assertThat(fourth.stderr()).startsWith(refusal);
                assertThat(stateAndServers()).as("the refused drills deleted nothing of the running one").containsAll(winnersFiles);
                assertThat(TestClusters.serverProcesses(clusters.resolve("drill-" + runId))).as("its server still runs").isNotEmpty();

                winner.resume();
                assertThat(winner.awaitExit(Duration.ofMinutes(3))).as(winner.stderr()).isZero();
                JsonNode winnersReport = LocalJson.MAPPER.readTree(winner.stdout());
                assertThat(winnersReport.get("runId").asText()).isEqualTo(runId);
                assertThat(winnersReport.get("passed").asBoolean()).isTrue();

                waiter.awaitPause(HELD_AT);
                waiter.resume();
                assertThat(waiter.awaitExit(Duration.ofMinutes(3))).as(waiter.stderr()).isZero();
                JsonNode waitersReport = LocalJson.MAPPER.readTree(waiter.stdout());
                String waitersRun = waitersReport.get("runId").asText();
                assertThat(waitersRun).as("a drill of its own, not a resumption").isNotEqualTo(runId);
                assertThat(waitersReport.get("passed").asBoolean()).isTrue();
                assertThat(waiter.stderr()).doesNotContain("resuming").doesNotContain("ABANDONED");
                assertThat(drillOutcomes()).as("nothing failed, nothing abandoned")
                        .isEqualTo(Map.of(runId, Outcome.SUCCEEDED, waitersRun, Outcome.SUCCEEDED));
            }
        }
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    private static String[] withWait() {
        List<String> args = new ArrayList<>(List.of(DRILL));
        args.add("--wait");
        return args.toArray(String[]::new);
    }

    /** The one run held at {@link #HELD_AT}, once no other is still on its way there. */
    private static ChildOpsctl awaitTheOneHeld(List<ChildOpsctl> runs) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < end) {
            List<ChildOpsctl> held = runs.stream().filter(r -> r.stderr().lines().anyMatch(("[paused] " + HELD_AT)::equals)).toList();
            List<ChildOpsctl> leased = runs.stream().filter(r -> r.stderr().contains("[crash-point] leased:drill")).toList();
            assertThat(leased).as("runs that took the lease").hasSizeLessThanOrEqualTo(1);
            assertThat(held).as("drills running at once").hasSizeLessThanOrEqualTo(1);
            if (held.size() == 1) {
                return held.get(0);
            }
            Thread.sleep(100);
        }
        return fail("no run reached %s:%n%s", HELD_AT, runs.stream().map(ChildOpsctl::stderr).collect(Collectors.joining("\n---\n")));
    }

    private static String runIdIn(String stderr) {
        return stderr.lines().filter(l -> l.contains(" started: ")).findFirst()
                .map(l -> l.substring("[drill] ".length(), l.indexOf(" started: "))).orElseThrow();
    }

    /** The demo's state (snapshot, copy, journal, ledger) and its servers' directories. */
    private List<Path> stateAndServers() throws Exception {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> state = Files.walk(work.resolve("state/demo"));
             Stream<Path> servers = Files.walk(work.resolve("clusters"), 2)) {
            Stream.concat(state, servers).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(all::add);
        }
        return all;
    }

    private Map<String, Outcome> drillOutcomes() throws Exception {
        try (Stream<Path> files = Files.list(work.resolve("state/demo/ledger"))) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .map(f -> LocalJson.read(f, AuditRecord.class)).filter(r -> r.action().equals("drill"))
                    .collect(Collectors.toMap(r -> r.key().value().substring("drill/".length()), AuditRecord::outcome));
        }
    }
}

package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.backup.ObjectInventory;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDrillEndToEndTest {
    @TempDir
    Path work;

    @Test
    void drillDemo_whenRunOnThisMachine_passesAndReportsTheSourceCounts() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "3000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = LocalJson.MAPPER.readTree(work.resolve("drill-report.json").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        DemoDataset.Sizes sizes = DemoDataset.sizesFor(3000);
        Map<String, Long> restored = new HashMap<>();
        Map<String, Long> atSnapshot = new HashMap<>();
        for (JsonNode t : report.get("tables")) {
            restored.put(t.get("table").asText(), t.get("restoredRows").asLong());
            atSnapshot.put(t.get("table").asText(), t.get("snapshotRows").asLong());
        }
        Map<String, Long> source = Map.of("public.users", sizes.users(), "public.contacts", sizes.contacts(),
                "public.calls", sizes.calls(), "public.messages", sizes.messages(), "public.sessions", sizes.sessions());
        assertThat(atSnapshot).isEqualTo(source);
        assertThat(restored).isEqualTo(source);
        assertThat(report.get("checks")).extracting(c -> c.get("name").asText())
                .contains("integrity", "tls", "schema-fingerprint", "row-counts", "freshness", "rto");
        // the manifest's object inventory survived its JSON on disk: every kind is checked
        assertThat(report.get("checks")).extracting(c -> c.get("name").asText()).containsAll(ObjectInventory.ALL_KINDS);
        assertThat(report.get("rto").asText()).startsWith("PT");
        assertThat(run.stderr()).contains("[drill] snapshot", "[drill] copy", "[drill] restore", "[drill] verify",
                "[drill] teardown");
        String html = Files.readString(work.resolve("drill-report.html"));
        assertThat(html).contains("PASSED", "Timeline", "public.messages");
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
        assertThat(TestClusters.serverProcesses(clusters)).isEmpty();
    }

    @Test
    void drillDemo_whenItReturns_hasReapedEveryPostmasterItStarted() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        OpsctlRun run;

        try (TestClusters.PostmasterWatch watch = TestClusters.watchPostmasters(clusters)) {
            run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "500");
            watch.close();

            assertThat(run.exitCode()).as(run.toString()).isZero();
            // the demo's source and the restore's server, each its own postmaster
            assertThat(watch.pids()).hasSizeGreaterThanOrEqualTo(2);
            // not even a <defunct> one, waiting for pid 1 to reap it
            assertThat(watch.lingering()).isEmpty();
        }
    }

    @Test
    void drillDemo_whenItTakesASnapshot_startsTheRestoreServerWhileTheDumpRuns() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "500");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = LocalJson.MAPPER.readTree(run.stdout());
        Instant consistentPoint = Instant.parse(LocalJson.MAPPER.readTree(work.resolve("state/demo/regions/primary")
                .resolve(report.get("snapshotId").asText()).resolve("manifest.json").toFile()).get("consistentPoint").asText());
        String serverLog = Files.readString(work.resolve(DrillReportWriter.LOGS)
                .resolve("drill-" + report.get("runId").asText() + ".server.log"));
        String ready = serverLog.lines().filter(l -> l.contains("ready to accept connections")).findFirst().orElseThrow();
        Instant serverReady = SERVER_LOG_TIME.parse(ready.substring(0, "yyyy-MM-dd HH:mm:ss.SSS UTC".length()), Instant::from);
        // the snapshot began (its consistent point) before the server was up: initdb and the start overlapped the
        // dump instead of preceding the snapshot step
        assertThat(serverReady).isAfter(consistentPoint);
    }

    private static final DateTimeFormatter SERVER_LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z");

    @Test
    void reportLast_afterADemo_printsThatDrillsReport() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));
        OpsctlRun drill = OpsctlRun.in(work, Map.of(), "drill", "--demo", "--rows", "500");
        assertThat(drill.exitCode()).as(drill.toString()).isZero();

        OpsctlRun report = OpsctlRun.in(work, Map.of(), "report", "--last", "--demo");

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(LocalJson.MAPPER.readTree(report.stdout()).get("runId").asText())
                .isEqualTo(LocalJson.MAPPER.readTree(drill.stdout()).get("runId").asText());
    }
}

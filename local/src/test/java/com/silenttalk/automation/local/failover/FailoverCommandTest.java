package com.silenttalk.automation.local.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverCommandTest {
    @TempDir
    Path work;

    @Test
    void failoverDemo_runsTheWholeChainAndReportsTheRto() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "--demo", "--rows", "1000");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(report.get("rto").asText()).startsWith("PT");
        assertThat(report.get("steps")).extracting(s -> s.get("step").asText())
                .containsExactly("FENCE", "PROMOTE", "SWITCH_CACHE", "SWITCH_TRAFFIC", "VERIFY_WRITES", "REPROTECT");
        assertThat(report.get("checks")).allSatisfy(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
        assertThat(run.stderr()).contains("gate: FAIL_OVER").contains("quorum met");
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
    }

    @Test
    void failoverDemo_dryRun_printsThePlanAndMovesNothing() throws Exception {
        Path clusters = work.resolve("clusters");
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters, ""));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover", "--demo", "--rows", "500", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode out = LocalJson.MAPPER.readTree(run.stdout());
        assertThat(out.get("plan").get("to").asText()).endsWith("-b");
        assertThat(out.get("note").asText()).contains("dry run");
        assertThat(run.stderr()).doesNotContain("[failover] fence");
        assertThat(TestClusters.leftovers(clusters)).isEmpty();
    }

    @Test
    void failover_withoutDemo_isABadUsageNamingTheOption() {
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "failover");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--demo");
    }
}

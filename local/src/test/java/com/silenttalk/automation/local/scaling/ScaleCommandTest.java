package com.silenttalk.automation.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleCommandTest {
    @TempDir
    Path work;

    String fixture(String path) throws IOException {
        try (InputStream in = ScaleCommandTest.class.getResourceAsStream("/events/" + path)) {
            return new String(in.readAllBytes());
        }
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    static JsonNode json(OpsctlRun run) throws IOException {
        return LocalJson.MAPPER.readTree(run.stdout().strip());
    }

    @Test
    void scale_whenDryRunOnCpuHighAlarm_printsOutByOneAndWritesNothing() throws IOException {
        write("cpu.json", fixture("cloudwatch/alarm-state-change-metric.json"));
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "scale", "--event", "cpu.json", "--dry-run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode out = json(run);
        assertThat(out.path("target").asText()).isEqualTo("silenttalk-prod/api");
        assertThat(out.path("signal").path("kind").asText()).isEqualTo("CPU_HIGH");
        assertThat(out.path("decision").path("direction").asText()).isEqualTo("OUT");
        assertThat(out.path("decision").path("current").asInt()).isEqualTo(3);
        assertThat(out.path("decision").path("desired").asInt()).isEqualTo(4);
        assertThat(out.path("dryRun").asBoolean()).isTrue();
        assertThat(out.path("note").asText()).contains("assumed the minimum");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cpu.json");
        }
    }

    /** Issue #14: --current=-5 was an internal error (exit 70). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--current=-5", "--current=10001", "--current=-2147483648"})
    void scale_whenTheCurrentCountIsOutOfRange_exits2NamingTheOptionAndWritesNothing(String option) throws IOException {
        write("cpu.json", fixture("cloudwatch/alarm-state-change-metric.json"));

        OpsctlRun run = OpsctlRun.in(work, Map.of(), "scale", "--event", "cpu.json", option);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString().startsWith("opsctl: bad input: --current: must be");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cpu.json");
        }
    }

    @Test
    void scale_whenApplied_recordsCountAndAuditsAndIgnoresTheRepeat() throws IOException {
        write("cpu.json", fixture("cloudwatch/alarm-state-change-metric.json"));
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "scale", "--event", "cpu.json", "--current", "4");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(json(run).path("applied").asBoolean()).isTrue();
        assertThat(LocalJson.MAPPER.readTree(work.resolve("opsctl-data/scaling/capacity.json").toFile())
                .path("silenttalk-prod/api").asInt()).isEqualTo(5);
        OpsctlRun again = OpsctlRun.in(work, Map.of(), "scale", "--event", "cpu.json");
        assertThat(json(again).path("skipped").asText()).contains("already handled");
        assertThat(LocalJson.MAPPER.readTree(work.resolve("opsctl-data/scaling/capacity.json").toFile())
                .path("silenttalk-prod/api").asInt()).isEqualTo(5);
    }

    @Test
    void scale_whenDrillRunningAndCpuLow_holds() throws IOException {
        new FileRunLedger(work.resolve("opsctl-data/ledger"))
                .claim(AuditRecord.started(new RunKey("drill/run-1"), "drill", Instant.now()));
        write("low.json", fixture("cloudwatch/alarm-state-change-metric.json").replace("silenttalk-api-cpu-high", "silenttalk-api-cpu-low"));
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "scale", "--event", "low.json", "--current", "6");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode out = json(run);
        assertThat(out.path("signal").path("kind").asText()).isEqualTo("CPU_LOW");
        assertThat(out.path("decision").path("direction").asText()).as(run.toString()).isEqualTo("HOLD");
        assertThat(out.path("decision").path("reason").asText()).startsWith("no scale-in while drill/run-1 runs");
        assertThat(Files.exists(work.resolve("opsctl-data/scaling/capacity.json"))).isFalse();
    }

    @Test
    void scale_whenNoCountKnownAndNotDryRun_exits2NamingTheOption() throws IOException {
        write("cpu.json", fixture("cloudwatch/alarm-state-change-metric.json"));
        OpsctlRun run = OpsctlRun.in(work, Map.of(), "scale", "--event", "cpu.json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("opsctl: bad input: --current: no recorded count for silenttalk-prod/api");
    }
}

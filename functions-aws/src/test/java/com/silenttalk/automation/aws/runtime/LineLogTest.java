package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineLogTest {
    enum Status { TAKEN }

    record Snapshot(String id, Instant at, Duration took) {
    }

    @Test
    void toJson_whenPlainAndRicherValues_writesExactlyWhatTheMapperWrites() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("database", "orders");
        nested.put("status", Status.TAKEN);
        nested.put("missing", null);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("text", "quote \" backslash \\ newline \n tab \t unicode é \u0001");
        line.put("int", 42);
        line.put("long", 9_000_000_000L);
        line.put("flag", true);
        line.put("ratio", 0.25);
        line.put("at", Instant.parse("2026-11-25T18:00:00Z"));
        line.put("snapshots", List.of(nested, new Snapshot("st-auto-orders", Instant.parse("2026-11-25T18:00:00Z"),
                Duration.ofSeconds(90))));
        line.put("empty", new ArrayList<>());

        assertThat(LineLog.toJson(line)).isEqualTo(Json.write(line));
    }

    @Test
    void info_whenWritten_isOneJsonLineWithLevelTimeAndFunctionFirst() throws Exception {
        List<String> lines = new ArrayList<>();
        new LineLog("snapshot-scheduler", lines::add).info(Instant.parse("2026-11-25T18:00:00Z"),
                Map.of("snapshots", List.of(Map.of("database", "orders", "status", "TAKEN"))));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n").startsWith(
                "{\"level\":\"INFO\",\"time\":\"2026-11-25T18:00:00Z\",\"function\":\"snapshot-scheduler\",");
        JsonNode parsed = Json.MAPPER.readTree(lines.get(0));
        assertThat(parsed.path("snapshots").get(0).path("status").asText()).isEqualTo("TAKEN");
    }

    @Test
    void error_whenAValueCarriesTerminalControlAndBidiCharacters_writesThemEscapedAndParsesBackUnchanged() throws Exception {
        String hostile = "st-auto-\u202Eexe.gnp\u009b2J\u007f\u2028\u001b[31m\u0000 \uD83D\uDE80";
        List<String> lines = new ArrayList<>();

        new LineLog("snapshot-copier", lines::add).error(Instant.parse("2026-11-25T18:00:00Z"), Map.of("rejected", hostile));

        assertThat(lines).singleElement().asString()
                .contains("\\u202E", "\\u009B", "\\u007F", "\\u2028", "\\u001B", "\\u0000", "\uD83D\uDE80")
                .doesNotContain("\u202E", "\u009b", "\u007f", "\u2028", "\u001b", "\u0000");
        assertThat(Json.MAPPER.readTree(lines.get(0)).path("rejected").asText()).isEqualTo(hostile);
        assertThat(Json.write(Map.of("rejected", hostile))).contains("\\u202E").doesNotContain("\u202E");
    }
}

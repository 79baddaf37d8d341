package com.silenttalk.automation.aws.runtime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One structured JSON line per invocation (and one per rejected event). Only identifiers,
 * outcomes and figures go in: never events as a whole, never credentials.
 */
public final class LineLog {
    private final String function;
    private final Consumer<String> sink;

    public LineLog(String function, Consumer<String> sink) {
        this.function = function;
        this.sink = sink;
    }

    public static LineLog stdout(String function) {
        return new LineLog(function, System.out::println);
    }

    public void info(Instant at, Map<String, Object> fields) {
        write("INFO", at, fields);
    }

    public void error(Instant at, Map<String, Object> fields) {
        write("ERROR", at, fields);
    }

    /** CloudWatch embedded metric format: one line that CloudWatch turns into metrics, no API call. */
    public void metrics(Instant at, Map<String, Number> values, String unit) {
        Map<String, Object> line = new LinkedHashMap<>();
        var metrics = values.keySet().stream().map(name -> Map.of("Name", name, "Unit", unit)).toList();
        line.put("_aws", Map.of("Timestamp", at.toEpochMilli(), "CloudWatchMetrics", java.util.List.of(Map.of(
                "Namespace", "SilentTalk/Ops", "Dimensions", java.util.List.of(java.util.List.of("Function")),
                "Metrics", metrics))));
        line.put("Function", function);
        line.putAll(values);
        sink.accept(Json.write(line));
    }

    private void write(String level, Instant at, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("time", at.toString());
        line.put("function", function);
        line.putAll(fields);
        sink.accept(Json.write(line));
    }
}

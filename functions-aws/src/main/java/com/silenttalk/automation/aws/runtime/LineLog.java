package com.silenttalk.automation.aws.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.silenttalk.automation.alerting.channels.TerminalSafeEscapes;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One structured JSON line per invocation (and one per rejected event). Only identifiers,
 * outcomes and figures go in: never events as a whole, never credentials. What an event put in a
 * value reaches the log escaped ({@link TerminalSafeEscapes}): no raw control or bidi character.
 */
public final class LineLog {
    /** Jackson's streaming layer only: a plain line needs no databind (about 450 classes fewer at a cold start). */
    private static final JsonFactory STREAMING = new JsonFactoryBuilder().characterEscapes(new TerminalSafeEscapes()).build();

    private final String function;
    private final Consumer<String> sink;

    public LineLog(String function, Consumer<String> sink) {
        this.function = function;
        this.sink = sink;
    }

    public void info(Instant at, Map<String, Object> fields) {
        write("INFO", at, fields);
    }

    public void error(Instant at, Map<String, Object> fields) {
        write("ERROR", at, fields);
    }

    /** CloudWatch embedded metric format: one line that CloudWatch turns into metrics, no API call. */
    public void metrics(Instant at, Map<String, Number> values, String unit) {
        metrics(at, "SilentTalk/Ops", Map.of("Function", function), values, unit);
    }

    /** The same in another namespace with its own dimensions, for a metric an alarm outside the suite's own reads. */
    public void metrics(Instant at, String namespace, Map<String, String> dimensions, Map<String, Number> values, String unit) {
        Map<String, Object> line = new LinkedHashMap<>();
        var metrics = values.keySet().stream().map(name -> Map.of("Name", name, "Unit", unit)).toList();
        line.put("_aws", Map.of("Timestamp", at.toEpochMilli(), "CloudWatchMetrics", java.util.List.of(Map.of(
                "Namespace", namespace, "Dimensions", java.util.List.of(java.util.List.copyOf(dimensions.keySet())),
                "Metrics", metrics))));
        line.putAll(dimensions);
        line.putAll(values);
        sink.accept(toJson(line));
    }

    private void write(String level, Instant at, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("time", at.toString());
        line.put("function", function);
        line.putAll(fields);
        sink.accept(toJson(line));
    }

    /**
     * Text, whole numbers, booleans, maps and collections are written by the streaming generator; any other
     * value (a record, an Instant, an enum) as {@link Json} writes it, so the output is the mapper's either way.
     */
    static String toJson(Map<String, Object> line) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = STREAMING.createGenerator(out)) {
            writeValue(json, line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                json.writeFieldName(String.valueOf(field.getKey()));
                writeValue(json, field.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeRawValue(Json.write(value));
        }
    }
}

package com.silenttalk.automation.aws.runtime;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.alerting.channels.TerminalSafeEscapes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Map;

/**
 * The AWS functions' reader of events from outside and writer of log lines and planned calls: ISO instants and
 * durations, Optionals, records; unknown properties, repeated keys and anything after the value rejected. The
 * core's records that a step hands to the next (drill and failover states) go through {@link CoreRecordJson}, the
 * same form on every runner.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
            // a repeated key is refused, not "last one wins": two values for one field is not one meaning
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // log lines and planned calls quote events: bidi and C1 characters are written escaped
            .characterEscapes(new TerminalSafeEscapes()).build())
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // records are written by their components only: helpers such as isDone() or isCopy() are not state
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** An event from outside, as the Lambda runtime would hand it over: one JSON object, or one line naming {@code what}. */
    public static Map<String, Object> readObject(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidFieldException(what, "is empty, expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String kind = e.getOriginalMessage().contains("end-of-input") ? "is truncated JSON" : "is not valid JSON";
            JsonLocation at = e.getLocation();
            throw new InvalidFieldException(what, kind + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + " (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException(what, "must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> event = MAPPER.convertValue(node, Map.class);
        return event;
    }

    /** A core record (a drill or failover state) as the object Step Functions carries to the next step. */
    public static Map<String, Object> toMap(Object record) {
        return CoreRecordJson.toMap(record);
    }

    /** Reads {@link #toMap}'s object back, as the previous step (of this or an older version) wrote it. */
    public static <T> T fromMap(Object map, Class<T> type) {
        return CoreRecordJson.fromMap(map, type);
    }
}

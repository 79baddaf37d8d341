package com.silenttalk.automation.azure.runtime;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;

/**
 * The one Jackson configuration of the Azure functions: ISO instants and durations,
 * Optionals, identifiers as their text, records by their components only (derived accessors such as {@code isDone()}
 * are not state), unknown properties rejected.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .registerModule(new SimpleModule("silenttalk-ids")
                    .addSerializer(DatabaseId.class, ToStringSerializer.instance)
                    .addSerializer(SnapshotId.class, ToStringSerializer.instance)
                    .addDeserializer(DatabaseId.class, new FromStringDeserializer<>(DatabaseId.class) {
                        @Override
                        protected DatabaseId _deserialize(String value, DeserializationContext context) {
                            return new DatabaseId(value);
                        }
                    })
                    .addDeserializer(SnapshotId.class, new FromStringDeserializer<>(SnapshotId.class) {
                        @Override
                        protected SnapshotId _deserialize(String value, DeserializationContext context) {
                            return new SnapshotId(value);
                        }
                    }))
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Parses input from outside (an event, an HTTP body): malformed JSON names the field "body". */
    public static JsonNode tree(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidFieldException(what, "is empty, expected a JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidFieldException(what, "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException(what, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}

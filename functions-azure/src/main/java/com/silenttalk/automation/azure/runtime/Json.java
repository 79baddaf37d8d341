package com.silenttalk.automation.azure.runtime;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
import com.silenttalk.automation.alerting.channels.TerminalSafeEscapes;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;

/**
 * The one Jackson configuration of the Azure functions: ISO instants and durations,
 * Optionals, identifiers as their text, records by their components only (derived accessors such as {@code isDone()}
 * are not state), unknown properties, repeated keys and anything after the value rejected.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
            // a repeated key is refused, not "last one wins": two values for one field is not one meaning
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // planned calls and answers quote events: bidi and C1 characters are written escaped
            .characterEscapes(new TerminalSafeEscapes()).build())
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
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // an enum is written by name; 3 for a step is a wrong type, not the fourth step
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

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

    /**
     * A value of {@code type} from input (an event, an HTTP body, an orchestration's input): anything
     * that does not fit is one {@link InvalidFieldException} naming {@code what} and the JSON path.
     */
    public static <T> T readInput(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidFieldException(what, "is empty, expected a JSON object");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidFieldException(what, "is null, expected a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw invalid(what, e);
        }
    }

    /** Parses input from outside (an event, an HTTP body): malformed JSON names the field "body". */
    public static JsonNode tree(String json, String what) {
        JsonNode node = anyTree(json, what);
        if (!node.isObject()) {
            throw new InvalidFieldException(what, "must be a JSON object");
        }
        return node;
    }

    /** {@link #tree} for input that may also be an array (an Event Grid batch) or a scalar. */
    public static JsonNode anyTree(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new InvalidFieldException(what, "is empty, expected a JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidFieldException(what, "is empty, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid(what, e);
        }
    }

    private static InvalidFieldException invalid(String what, JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            String path = what + pathOf(mapping);
            if (mapping.getCause() instanceof InvalidFieldException inner) {
                return inner.under(path);
            }
            if (mapping.getCause() instanceof RuntimeException cause && !(cause instanceof InvalidFieldException)) {
                // a record's constructor refused a value (a null, a malformed id): input, not a bug
                return new InvalidFieldException(path, "is not valid: " + cause.getMessage());
            }
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                return new InvalidFieldException(path, "is not a field of " + unknown.getReferringClass().getSimpleName()
                        + " (known: " + unknown.getKnownPropertyIds() + ")");
            }
            if (mapping instanceof MismatchedInputException && !mapping.getPath().isEmpty()) {
                return new InvalidFieldException(path, "has the wrong type or shape: " + e.getOriginalMessage());
            }
        }
        String kind = e instanceof JsonEOFException || e.getOriginalMessage().contains("end-of-input") ? "is truncated JSON"
                : "is not valid JSON";
        JsonLocation at = e.getLocation();
        return new InvalidFieldException(what, kind + (at == null || at.getLineNr() < 1 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + " (" + e.getOriginalMessage() + ")");
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

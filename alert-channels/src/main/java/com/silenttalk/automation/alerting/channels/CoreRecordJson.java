package com.silenttalk.automation.alerting.channels;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The one JSON form of the core's records that the runners persist or hand between steps (drill and
 * failover states, snapshot manifests, drill reports, audit records), the same bytes on AWS, Azure and
 * opsctl. Written: record components only (derived accessors such as {@code isDone()} are not state),
 * ISO-8601 instants and durations, {@link DatabaseId} and {@link SnapshotId} as their text, a null
 * component as {@code null}, map entries sorted by key (the core's maps are unordered), compact, bidi and
 * C1 characters escaped. Read: unknown properties are ignored, so a state or manifest written by an
 * older or newer version still reads, and ids are also taken in the older {@code {"value": ...}} form;
 * a repeated key, content after the value and a number for an enum are refused. Operator-written input
 * (events, HTTP bodies, rules) is not read here: each runner keeps its strict reader for that.
 */
public final class CoreRecordJson {
    private static final ObjectMapper MAPPER = builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CoreRecordJson() {
    }

    /**
     * The configuration every runner's JSON starts from, this class's and {@link StrictJson}'s (the AWS and Azure
     * functions' readers of input and writers of log lines, planned calls and answers),
     * so a record reads and writes the same way everywhere: ISO instants and durations, Optionals, record components
     * only, ids as text, bidi and C1 characters escaped; repeated keys, content after the value and numbers for enums
     * refused. Each adds what it decides: unknown properties (ignored here, refused in input).
     */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder(new JsonFactoryBuilder()
                        // a repeated key is refused, not "last one wins": two values for one field is not one meaning
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .characterEscapes(new TerminalSafeEscapes()).build())
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .addModule(new SimpleModule("silenttalk-ids")
                    .addSerializer(DatabaseId.class, ToStringSerializer.instance)
                    .addSerializer(SnapshotId.class, ToStringSerializer.instance)
                    .addDeserializer(DatabaseId.class, new IdDeserializer<>(DatabaseId.class, DatabaseId::new))
                    .addDeserializer(SnapshotId.class, new IdDeserializer<>(SnapshotId.class, SnapshotId::new)))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // an enum is written by name; 3 for a step is a wrong type, not the fourth step
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // records are written by their components only: helpers such as isDone() or isCopy() are not state
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
    }

    public static String write(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static byte[] bytes(Object record) {
        return write(record).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads what {@link #write} wrote. Stored JSON that does not fit {@code type} is what a damaged file or
     * object is: an {@link UncheckedIOException} naming the type and the reason.
     */
    public static <T> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a stored " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #read} for a generic wrapper of a record, such as a workflow's turn carrying its state. */
    public static <T> T read(String json, Class<?> generic, Class<?> parameter) {
        try {
            return MAPPER.readValue(json, MAPPER.getTypeFactory().constructParametricType(generic, parameter));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a stored " + generic.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The record as the JSON object a workflow engine carries between steps (Step Functions' state). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object record) {
        return MAPPER.convertValue(record, Map.class);
    }

    /** Reads {@link #toMap}'s object back; a value that does not fit is an {@link IllegalArgumentException}. */
    public static <T> T fromMap(Object map, Class<T> type) {
        return MAPPER.convertValue(map, type);
    }

    /** An id as its text, or as {@code {"value": "..."}}, the form the AWS functions and opsctl wrote before. */
    private static final class IdDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Function<String, T> of;

        IdDeserializer(Class<T> type, Function<String, T> of) {
            this.type = type;
            this.of = of;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return of.apply(parser.getText());
            }
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                JsonNode object = context.readTree(parser);
                if (object.size() == 1 && object.path("value").isTextual()) {
                    return of.apply(object.get("value").textValue());
                }
            }
            return type.cast(context.handleUnexpectedToken(type, parser));
        }
    }
}

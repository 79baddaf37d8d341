package com.silenttalk.automation.azure.runtime;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.alerting.channels.StrictJson;
import com.silenttalk.automation.core.InvalidFieldException;

/**
 * The Azure functions' reader of input (events, HTTP bodies, an orchestration's input) and writer of answers and planned
 * calls: {@link StrictJson}, the configuration every runner starts from ({@link CoreRecordJson#builder}) refusing unknown
 * properties, as input from outside must. The core's records the functions persist or hand between steps go through
 * {@link CoreRecordJson}, the same form on every runner.
 */
public final class Json {
    public static final ObjectMapper MAPPER = StrictJson.MAPPER;

    private Json() {
    }

    public static String write(Object value) {
        return StrictJson.write(value);
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

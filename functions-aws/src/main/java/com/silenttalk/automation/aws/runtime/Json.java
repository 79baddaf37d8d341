package com.silenttalk.automation.aws.runtime;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.alerting.channels.CoreRecordJson;
import com.silenttalk.automation.alerting.channels.StrictJson;
import com.silenttalk.automation.core.InvalidFieldException;
import java.util.Map;

/**
 * The AWS functions' reader of events from outside and writer of log lines and planned calls: {@link StrictJson}, the
 * configuration every runner starts from ({@link CoreRecordJson#builder}) refusing unknown properties, as input from
 * outside must. The core's records that a step hands to the next (drill and failover states) go through
 * {@link CoreRecordJson} ({@link #toMap}, {@link #fromMap}), the same form on every runner.
 */
public final class Json {
    public static final ObjectMapper MAPPER = StrictJson.MAPPER;

    private Json() {
    }

    public static String write(Object value) {
        return StrictJson.write(value);
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

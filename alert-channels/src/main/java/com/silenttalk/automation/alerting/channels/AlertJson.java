package com.silenttalk.automation.alerting.channels;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.Alert;
import com.silenttalk.automation.core.alerting.Delivery;
import com.silenttalk.automation.core.alerting.GateKeyState;
import java.time.Instant;
import java.util.Objects;

/**
 * The JSON every runner writes about alerts: the channel payloads, the normalised alert as
 * operators read it, and the dead-letter record. A dead letter has the whole alert, the channel
 * by name (never its secret), the action, the rule, the reason and the time, so the same record
 * can be replayed whether it sits in a local file, an SQS queue or an Azure queue.
 */
public final class AlertJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder().characterEscapes(new TerminalSafeEscapes()).build())
            // a payload with a repeated key has two meanings; it is refused, not read as "last one wins"
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private AlertJson() {
    }

    /** The normalised alert: its fields, the dedupe key and the console link as plain strings. */
    public static ObjectNode alert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        ObjectNode node = MAPPER.valueToTree(alert);
        node.put("dedupeKey", alert.dedupeKey().value());
        node.put("consoleLink", alert.consoleLink().toString());
        node.remove("firing");
        return node;
    }

    /** A gate key's state as stored by the cloud gate stores (DynamoDB, Table storage). */
    public static String gateState(GateKeyState state) {
        try {
            return MAPPER.writeValueAsString(Objects.requireNonNull(state, "state"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a gate state", e);
        }
    }

    /** Reads {@link #gateState}; a stored state that does not parse fails naming {@code field}. */
    public static GateKeyState readGateState(String field, String json) {
        try {
            return MAPPER.readValue(json, GateKeyState.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidFieldException(field, "is not a stored gate state: " + e.getClass().getSimpleName());
        }
    }

    /** One undeliverable delivery, whole and replayable. */
    public static ObjectNode deadLetter(Delivery delivery, String reason, Instant at) {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        ObjectNode line = MAPPER.createObjectNode()
                .put("at", at.toString())
                .put("channel", delivery.channel().name())
                .put("kind", delivery.channel().kind().name())
                .put("action", delivery.action().name())
                .put("rule", delivery.rule())
                .put("reason", reason);
        if (delivery.note() != null) {
            line.put("note", delivery.note());
        }
        line.set("alert", alert(delivery.alert()));
        return line;
    }
}

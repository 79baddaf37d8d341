package com.silenttalk.automation.alerting.channels.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.NestedJson;
import com.silenttalk.automation.core.alerting.Normalised;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Parses alert payload bytes into the plain tree AlertNormaliser reads, and parses the JSON
 * embedded in SNS messages. A payload that is not JSON (malformed, truncated, empty) fails with
 * one line naming where it broke; the payload itself is never echoed.
 */
public final class AlertEventReader implements NestedJson {
    private static final ObjectReader TREE = AlertJson.MAPPER.readerFor(Object.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final AlertNormaliser normaliser = new AlertNormaliser(this);

    public Normalised read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidFieldException("--event", "file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidFieldException("--event", "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        return read(bytes);
    }

    public Normalised read(byte[] payload) {
        Object tree;
        try {
            // Jackson reads UTF-8 bytes directly; decoding them to a String first copies every payload twice.
            tree = TREE.readValue(payload);
        } catch (IOException fastPathFailed) {
            // Bad input takes the text path, so its error (and the rare payload that is not valid UTF-8,
            // which decoding repairs with replacement characters) comes out exactly as before.
            tree = tree("event", new String(payload, StandardCharsets.UTF_8));
        }
        return normaliser.normalise(tree);
    }

    /** An event already parsed into maps and lists (a Lambda handler's {@code Map} input). */
    public Normalised normalise(java.util.Map<String, Object> event) {
        return normaliser.normalise(event);
    }

    @Override
    public Object parse(String field, String json) {
        return tree(field, json);
    }

    private static Object tree(String field, String json) {
        if (json.isBlank()) {
            throw new InvalidFieldException(field, "is empty, not JSON");
        }
        try {
            return TREE.readValue(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String kind = e.getClass().getSimpleName().contains("EOF") ? "truncated JSON"
                    : e.getOriginalMessage().startsWith("Duplicate") ? "a key repeated (its value would be ambiguous)"
                    : "not valid JSON";
            throw new InvalidFieldException(field, kind + where);
        }
    }
}

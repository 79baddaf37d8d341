package com.silenttalk.automation.alerting.channels.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.alerting.channels.AlertJson;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.alerting.DeploymentMarker;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A deployment marker as the deploy pipeline writes it, wherever it is kept (a local file, a blob):
 * {@code {"deploymentId": "...", "startedAt": "...Z", "endedAt": "...Z" (optional), "match": {...}}},
 * where {@code match} has the rules file's match keys. A marker that cannot be read is an error
 * naming it; the stores skip that marker with one line quoting the error, since a broken marker must
 * never cost an alert (at worst it is not muted).
 */
public final class DeploymentMarkerJson {
    private DeploymentMarkerJson() {
    }

    /** @param name how errors name the marker ("deployment marker 2026-03-01-api.json") */
    public static DeploymentMarker parse(String name, byte[] json) {
        JsonNode m;
        try {
            m = AlertJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidFieldException(name, "is not valid JSON");
        }
        if (m == null || !m.isObject()) {
            throw new InvalidFieldException(name, "must be a JSON object");
        }
        try {
            return new DeploymentMarker(m.path("deploymentId").asText(null), AlertRulesFile.match(m.path("match"), "match"),
                    Instant.parse(m.path("startedAt").asText("")),
                    m.hasNonNull("endedAt") ? Instant.parse(m.path("endedAt").asText()) : null);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(name, "startedAt/endedAt must be ISO-8601 instants");
        } catch (InvalidFieldException e) {
            throw e.under(name);
        }
    }
}

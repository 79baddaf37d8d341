package com.silenttalk.automation.azure.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.InvalidFieldException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The timer trigger's payload as the Functions host sends it:
 * {@code {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":...,"Next":...,"LastUpdated":...},"IsPastDue":false}}.
 * Only its shape is checked: the schedule window comes from the clock, so a late or repeated
 * firing lands in the same window as the one it repeats.
 */
public record TimerInfo(boolean pastDue, Optional<OffsetDateTime> next) {
    public static TimerInfo parse(String json) {
        JsonNode node = Json.tree(json, "timerInfo");
        JsonNode pastDue = node.get("IsPastDue");
        if (pastDue == null || !pastDue.isBoolean()) {
            throw new InvalidFieldException("timerInfo.IsPastDue", "must be true or false");
        }
        Optional<OffsetDateTime> next = Optional.empty();
        JsonNode status = node.path("ScheduleStatus").path("Next");
        if (status.isTextual()) {
            try {
                next = Optional.of(OffsetDateTime.parse(status.asText()));
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException("timerInfo.ScheduleStatus.Next", "is not an ISO-8601 time: " + status.asText());
            }
        }
        return new TimerInfo(pastDue.asBoolean(), next);
    }
}

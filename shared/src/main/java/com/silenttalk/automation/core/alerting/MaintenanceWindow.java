package com.silenttalk.automation.core.alerting;

import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;
import java.util.Objects;

/** Firings of matching alerts between start (inclusive) and end (exclusive) are not sent. */
public record MaintenanceWindow(String name, Instant start, Instant end, AlertMatch match) {
    public MaintenanceWindow {
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("maintenance[].name", "is missing");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(match, "match");
        if (!end.isAfter(start)) {
            throw new InvalidFieldException("maintenance." + name + ".end", "must be after start");
        }
    }

    public boolean covers(Alert alert, Instant now) {
        return !now.isBefore(start) && now.isBefore(end) && match.matches(alert);
    }
}

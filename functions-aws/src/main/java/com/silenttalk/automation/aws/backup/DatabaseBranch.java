package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One branch of the six-hourly fan-out (template.yaml's SnapshotFanOutStateMachine, its Map state): the scheduled
 * event that started the execution and one configured database, as the Map's ItemSelector passes them
 * ({@code {"database": "orders:instance", "event": {...}}}: an item of ST_DATABASES as written, or a bare name; a
 * database in another account or region is written with its {@code @account[/region]}, as in ST_DATABASES).
 */
record DatabaseBranch(EventEnvelope scheduled, DatabaseId database) {
    static final Set<String> FIELDS = Set.of("database", "event");

    DatabaseBranch {
        Objects.requireNonNull(scheduled, "scheduled");
        Objects.requireNonNull(database, "database");
    }

    @SuppressWarnings("unchecked")
    static DatabaseBranch parse(Map<String, Object> input, AwsSettings settings) {
        Set<String> unknown = new TreeSet<>(input.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw new InvalidFieldException("input", UntrustedText.quoted(unknown.iterator().next())
                    + " is not a field of a branch (database, event)");
        }
        if (!(input.get("database") instanceof String item) || item.isBlank()) {
            throw new InvalidFieldException("database", input.get("database") == null ? "is missing" : "must be a non-empty string");
        }
        DatabaseId database = configured(item, settings);
        if (!(input.get("event") instanceof Map<?, ?> event)) {
            throw new InvalidFieldException("event", input.get("event") == null ? "is missing" : "must be the scheduled event object");
        }
        try {
            return new DatabaseBranch(EventEnvelope.parseScheduled((Map<String, Object>) event, settings), database);
        } catch (InvalidFieldException e) {
            throw e.under("event");
        }
    }

    /**
     * The item's database, which must be one of ST_DATABASES, of the kind and in the account and region it gives it
     * (an item names them as ST_DATABASES does: {@code name[:kind][@account[/region]]}).
     */
    private static DatabaseId configured(String item, AwsSettings settings) {
        int at = item.indexOf('@');
        String named = at < 0 ? item : item.substring(0, at);
        int colon = named.indexOf(':');
        String name = (colon < 0 ? named : named.substring(0, colon)).strip();
        DatabaseId id = settings.databases().keySet().stream().filter(db -> db.value().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidFieldException("database", UntrustedText.quoted(item) + " is not in ST_DATABASES"));
        if (colon >= 0 && !settings.kindOf(id).name().equalsIgnoreCase(named.substring(colon + 1).strip())) {
            throw new InvalidFieldException("database", UntrustedText.quoted(item) + " is not of the kind ST_DATABASES gives it");
        }
        if (!placementWritten(item, at, settings).equals(settings.placementOf(id))) {
            throw new InvalidFieldException("database", UntrustedText.quoted(item)
                    + " is not in the account and region ST_DATABASES gives it");
        }
        return id;
    }

    /** The item's {@code @account[/region]}, or the function's own account and region for an item without one. */
    private static Placement placementWritten(String item, int at, AwsSettings settings) {
        if (at < 0) {
            return new Placement(settings.accountId(), settings.region());
        }
        String[] place = item.substring(at + 1).split("/", 2);
        return new Placement(place[0].strip(), place.length == 2 ? place[1].strip() : settings.region());
    }

    /** A branch of the first configured database that plans can be primed with (nothing is called). */
    static Map<String, Object> forPriming(AwsSettings settings, java.time.Instant now) {
        return Map.of("database", settings.databases().keySet().iterator().next().value(),
                "event", EventEnvelope.scheduledForPriming(settings, now));
    }

    SnapshotWindow window(AwsSettings settings) {
        return SnapshotWindow.containing(scheduled.time(), settings.policy().interval());
    }
}

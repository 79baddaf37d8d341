package com.silenttalk.automation.azure.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * What starts one drill: the database and the run id (the orchestration's instance id, and
 * the throwaway server's name after {@code drill-}). Parsed from an HTTP body or made by the
 * monthly timer; bad input names the field.
 */
public record DrillStart(String runId, DatabaseId database) {
    /** Flexible Server names: 3-63 lowercase letters, digits and hyphens, no hyphen at either end. */
    static final Pattern RUN_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,50}[a-z0-9])?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm").withZone(ZoneOffset.UTC);

    public DrillStart {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidFieldException("runId", UntrustedText.quoted(runId) + " must be 1-52 lowercase letters, digits and hyphens, "
                    + "starting and ending with a letter or digit");
        }
        if (database == null) {
            throw new InvalidFieldException("database", "is required");
        }
    }

    /** A body such as {@code {"database": "orders"}} or {@code {"database": "orders", "runId": "pre-upgrade"}}. */
    public static DrillStart parse(String body, Collection<DatabaseId> configured, Instant now) {
        JsonNode node = Json.tree(body, "body");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("database") && !name.equals("runId")) {
                throw new InvalidFieldException(name, "is not a drill start field (expected database, runId)");
            }
        }
        JsonNode db = node.get("database");
        if (db == null || !db.isTextual()) {
            throw new InvalidFieldException("database", "is required and must be a string");
        }
        DatabaseId database = new DatabaseId(db.asText());
        if (!configured.contains(database)) {
            throw new InvalidFieldException("database", UntrustedText.quoted(database) + " is not one of the configured servers " + configured);
        }
        JsonNode run = node.get("runId");
        if (run != null && !run.isTextual()) {
            throw new InvalidFieldException("runId", "must be a string");
        }
        return new DrillStart(run == null ? "manual-" + database + "-" + STAMP.format(now) : run.asText(), database);
    }

    /** The monthly drill's run id is the month: a repeated firing names the same orchestration. */
    public static DrillStart monthly(DatabaseId database, Instant now) {
        return new DrillStart("monthly-" + database + "-" + DateTimeFormatter.ofPattern("yyyyMM")
                .withZone(ZoneOffset.UTC).format(now), database);
    }
}

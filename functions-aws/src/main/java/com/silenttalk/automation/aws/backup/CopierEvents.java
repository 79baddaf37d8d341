package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the copier is asked: the documented "manual snapshot created" events (RDS-EVENT-0042 for instances,
 * RDS-EVENT-0075 for clusters) copy one suite snapshot; the copier's own {@code Scheduled Event} sweeps for missing
 * copies; a hand-made snapshot is left alone.
 */
final class CopierEvents {
    static final Map<String, String> CREATED_EVENTS = Map.of(
            "RDS DB Snapshot Event", "RDS-EVENT-0042",
            "RDS DB Cluster Snapshot Event", "RDS-EVENT-0075");
    private static final Pattern SUITE_ID = Pattern.compile(Pattern.quote(SnapshotWindow.SUITE_PREFIX)
            + "([a-z][a-z0-9-]*)-(\\d{8}t\\d{4}z)");

    private CopierEvents() {
    }

    /** What an accepted event asks for: copy one snapshot, or sweep for missing copies. */
    sealed interface Command permits CopyOne, Sweep, Ignored {
    }

    /** A valid event this function leaves alone, and why (said in the log line and by a dry-run). */
    record Ignored(String reason) implements Command {
    }

    record CopyOne(String eventId, Snapshot source) implements Command {
    }

    record Sweep(String eventId) implements Command {
    }

    /** The event a copy or a sweep claims; an ignored event claims nothing. */
    static Optional<String> eventOf(Command command) {
        return command instanceof CopyOne c ? Optional.of(c.eventId())
                : command instanceof Sweep s ? Optional.of(s.eventId()) : Optional.empty();
    }

    static Command parse(Map<String, Object> event, AwsSettings settings) {
        Set<String> types = new HashSet<>(CREATED_EVENTS.keySet());
        types.add("Scheduled Event");
        EventEnvelope e = EventEnvelope.parse(event, Set.of("aws.rds", "aws.events", "aws.scheduler"), types,
                settings.allowedAccounts());
        if (!e.region().equals(settings.region())) {
            throw new InvalidFieldException("region", UntrustedText.quoted(e.region()) + " is not the source region " + settings.region());
        }
        if (e.detailType().equals("Scheduled Event")) {
            if (e.source().equals("aws.rds")) {
                throw new InvalidFieldException("source", "'aws.rds' does not send Scheduled Events");
            }
            return new Sweep(e.id());
        }
        if (!e.source().equals("aws.rds")) {
            throw new InvalidFieldException("source", UntrustedText.quoted(e.source()) + " does not send " + e.detailType());
        }
        String eventId = e.detailText("EventID");
        String expected = CREATED_EVENTS.get(e.detailType());
        if (!eventId.equals(expected)) {
            throw new InvalidFieldException("detail.EventID", UntrustedText.quoted(eventId) + " is not " + expected
                    + " (manual snapshot created), the only " + e.detailType() + " this function handles");
        }
        String sourceArn = e.detailText("SourceArn");
        String identifier = e.detailText("SourceIdentifier");
        if (!sourceArn.endsWith(":" + identifier)) {
            throw new InvalidFieldException("detail.SourceArn", "does not name snapshot " + UntrustedText.quoted(identifier));
        }
        Matcher m = SUITE_ID.matcher(identifier);
        if (!m.matches()) {
            // someone's hand-made snapshot: not ours to copy
            return new Ignored(identifier.startsWith(SnapshotWindow.SUITE_PREFIX)
                    ? "not a suite snapshot: " + UntrustedText.quoted(identifier) + " does not match " + SnapshotWindow.SUITE_PREFIX
                    + "<database>-<yyyyMMdd>t<HHmm>z"
                    : "not a suite snapshot: name does not start with " + SnapshotWindow.SUITE_PREFIX);
        }
        DatabaseId database = new DatabaseId(m.group(1));
        settings.kindOf(database);
        Instant created = e.time();
        Object date = e.detail().get("Date");
        if (date instanceof String d) {
            try {
                created = Instant.parse(d);
            } catch (DateTimeParseException bad) {
                throw new InvalidFieldException("detail.Date", UntrustedText.quoted(d) + " is not an ISO-8601 instant");
            }
        }
        return new CopyOne(e.id(), new Snapshot(new SnapshotId(identifier), database, settings.region(),
                created, true, VerificationStatus.UNVERIFIED, Optional.empty()));
    }

}

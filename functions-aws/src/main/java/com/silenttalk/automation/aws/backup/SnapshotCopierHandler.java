package com.silenttalk.automation.aws.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.ledger.EventClaims;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;

/**
 * Copies each suite snapshot to the DR region as soon as RDS reports it created (the
 * documented "manual snapshot created" events: RDS-EVENT-0042 for instances, RDS-EVENT-0075
 * for clusters). A copy RDS refuses because too many are in flight stays pending and is
 * picked up by the copier's own sweep (a {@code Scheduled Event} every 30 minutes), which
 * copies every recent suite snapshot that has no copy yet: no copy is ever dropped.
 */
public final class SnapshotCopierHandler implements AwsFunction, Resource {
    public static final String NAME = "snapshot-copier";
    static final Map<String, String> CREATED_EVENTS = Map.of(
            "RDS DB Snapshot Event", "RDS-EVENT-0042",
            "RDS DB Cluster Snapshot Event", "RDS-EVENT-0075");
    private static final Pattern SUITE_ID = Pattern.compile(Pattern.quote(SnapshotWindow.SUITE_PREFIX)
            + "([a-z][a-z0-9-]*)-(\\d{8}t\\d{4}z)");

    private final AwsSettings settings;
    private final RdsSnapshotStore primary;
    private final RdsSnapshotStore dr;
    private final RdsCrossRegionCopier copier;
    private final RunLedger ledger;
    private final Clock clock;
    private final LineLog log;

    public SnapshotCopierHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotCopierHandler(AwsWiring w) {
        this(w.settings(), w.primaryStore(), w.drStore(), w.copier(), w.ledger(), w.clock(), w.log(NAME));
    }

    SnapshotCopierHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                          RunLedger ledger, Clock clock, LineLog log) {
        this.settings = settings;
        this.primary = primary;
        this.dr = dr;
        this.copier = copier;
        this.ledger = ledger;
        this.clock = clock;
        this.log = log;
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

    Command parse(Map<String, Object> event) {
        Set<String> types = new java.util.HashSet<>(CREATED_EVENTS.keySet());
        types.add("Scheduled Event");
        EventEnvelope e = EventEnvelope.parse(event, Set.of("aws.rds", "aws.events", "aws.scheduler"), types,
                settings.allowedAccounts());
        if (!e.region().equals(settings.region())) {
            throw new InvalidFieldException("region", "'" + e.region() + "' is not the source region " + settings.region());
        }
        if (e.detailType().equals("Scheduled Event")) {
            if (e.source().equals("aws.rds")) {
                throw new InvalidFieldException("source", "'aws.rds' does not send Scheduled Events");
            }
            return new Sweep(e.id());
        }
        if (!e.source().equals("aws.rds")) {
            throw new InvalidFieldException("source", "'" + e.source() + "' does not send " + e.detailType());
        }
        String eventId = e.detailText("EventID");
        String expected = CREATED_EVENTS.get(e.detailType());
        if (!eventId.equals(expected)) {
            throw new InvalidFieldException("detail.EventID", "'" + eventId + "' is not " + expected
                    + " (manual snapshot created), the only " + e.detailType() + " this function handles");
        }
        String sourceArn = e.detailText("SourceArn");
        String identifier = e.detailText("SourceIdentifier");
        if (!sourceArn.endsWith(":" + identifier)) {
            throw new InvalidFieldException("detail.SourceArn", "does not name snapshot '" + identifier + "'");
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
            created = Instant.parse(d);
        }
        return new CopyOne(e.id(), new Snapshot(new SnapshotId(identifier), database, settings.region(),
                created, true, VerificationStatus.UNVERIFIED, Optional.empty()));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        Command command;
        try {
            command = parse(event);
        } catch (InvalidFieldException | java.time.format.DateTimeParseException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e instanceof InvalidFieldException i ? i : new InvalidFieldException("detail.Date", e.getMessage());
        }
        if (command instanceof Ignored ignored) {
            log.info(now, Map.of("ignored", ignored.reason()));
            return Map.of("function", NAME, "ignored", true);
        }
        String eventId = command instanceof CopyOne c ? c.eventId() : ((Sweep) command).eventId();
        EventClaims claims = new EventClaims(ledger, NAME);
        if (!claims.claim(eventId, now)) {
            log.info(now, Map.of("event", eventId, "duplicate", true));
            return Map.of("function", NAME, "event", eventId, "duplicate", true);
        }
        try {
            List<Snapshot> sources = command instanceof CopyOne c ? List.of(c.source()) : missingCopies(now);
            if (command instanceof CopyOne) {
                log.metrics(now, Map.of("SnapshotsCompleted", 1), "Count");
            }
            List<Map<String, Object>> copies = new ArrayList<>();
            ReplicateSnapshot replicate = new ReplicateSnapshot(copier, ledger, clock);
            boolean limitReached = false;
            for (Snapshot source : sources) {
                if (limitReached) {
                    // RDS already refused for concurrency: the next sweep asks again, without hammering it now
                    copies.add(Map.of("source", source.ref().toString(), "status", "queued for the next sweep"));
                    continue;
                }
                for (ReplicateSnapshot.Result r : replicate.execute(source, settings.policy())) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    copy.put("source", r.source().toString());
                    copy.put("target", r.target());
                    copy.put("status", r.progress() instanceof Progress.Pending<Snapshot> p ? "pending: " + p.status() : "copied");
                    copies.add(copy);
                    limitReached |= r.progress() instanceof Progress.Pending<Snapshot> p
                            && p.status().startsWith(RdsCrossRegionCopier.COPY_LIMIT_STATUS);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("function", NAME);
            out.put("event", eventId);
            out.put("copies", copies);
            claims.finish(eventId, now, Outcome.SUCCEEDED, clock.instant(), Map.of("copies", Integer.toString(copies.size())));
            log.info(now, out);
            return out;
        } catch (RuntimeException e) {
            claims.finish(eventId, now, Outcome.FAILED, clock.instant(), Map.of("error", e.getClass().getSimpleName()));
            log.error(now, Map.of("event", eventId, "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
    }

    /** Suite snapshots of the source region within retention that have no copy in the DR region. */
    private List<Snapshot> missingCopies(Instant now) {
        Instant horizon = now.minus(settings.policy().retention());
        Set<SnapshotId> copied = dr.list().stream().map(Snapshot::id).collect(Collectors.toSet());
        return primary.list().stream()
                .filter(s -> s.createdBySuite() && !s.isCopy() && s.createdAt().isAfter(horizon) && !copied.contains(s.id()))
                .toList();
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        Command command = parse(event);
        if (command instanceof Ignored) {
            return List.of();
        }
        if (command instanceof CopyOne c) {
            return List.of(copier.plannedCopy(c.source()));
        }
        List<PlannedCall> calls = new ArrayList<>(primary.plannedList());
        calls.addAll(dr.plannedList());
        return calls;
    }

    @Override
    public Optional<String> emptyPlanReason(Map<String, Object> event) {
        return parse(event) instanceof Ignored ignored ? Optional.of(ignored.reason()) : Optional.empty();
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(copier.requiredActions());
        actions.addAll(primary.requiredActions().stream().filter(a -> a.startsWith("rds:Describe")).toList());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        plan(Map.of("id", "priming", "source", "aws.events", "detail-type", "Scheduled Event",
                "account", settings.accountId(), "region", settings.region(), "time", clock.instant().toString(),
                "resources", List.of(), "detail", Map.of()));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }
}

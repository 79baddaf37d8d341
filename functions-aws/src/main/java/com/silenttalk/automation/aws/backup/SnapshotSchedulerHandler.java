package com.silenttalk.automation.aws.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.ledger.EventClaims;
import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord;
import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord.LambdaFunction;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.core.ledger.RunKey;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;

/**
 * The six-hourly snapshot: one manual snapshot of each configured instance or cluster, named for
 * the window of the scheduled event's {@code time}. It runs after the census (snapshot-census), as
 * that function's on-success and on-failure destination: the invocation record carries the original
 * EventBridge {@code Scheduled Event}, so the snapshot is taken whether or not the census measured.
 * A scheduled event given directly (a manual invoke) is accepted too. Before asking RDS it checks the
 * manual-snapshot quota; when full it prunes what the policy allows, and if still full it skips that
 * database, records why and raises the {@code SnapshotSkippedForQuota} metric.
 */
public final class SnapshotSchedulerHandler implements AwsFunction, Resource {
    public static final String NAME = "snapshot-scheduler";
    static final String CENSUS_FUNCTION_VARIABLE = "ST_CENSUS_FUNCTION";

    private final AwsSettings settings;
    private final RdsSnapshotStore primary;
    private final RdsSnapshotStore dr;
    private final Optional<LambdaFunction> census;
    private final RunLedger ledger;
    private final Clock clock;
    private final LineLog log;

    public SnapshotSchedulerHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotSchedulerHandler(AwsWiring w) {
        this(w.settings(), w.primaryStore(), w.drStore(), censusFunction(w.settings(), w.environment()), w.ledger(),
                w.clock(), w.log(NAME));
    }

    /**
     * @param census the census function whose invocation records are accepted; empty accepts direct scheduled
     *               events only
     */
    SnapshotSchedulerHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr,
                             Optional<LambdaFunction> census, RunLedger ledger, Clock clock, LineLog log) {
        this.settings = settings;
        this.primary = primary;
        this.census = census;
        this.dr = dr;
        this.ledger = ledger;
        this.clock = clock;
        this.log = log;
    }

    /** template.yaml names the census function in ST_CENSUS_FUNCTION (a name, not a reference: no cycle). */
    static Optional<LambdaFunction> censusFunction(AwsSettings settings, Map<String, String> environment) {
        String name = environment.getOrDefault(CENSUS_FUNCTION_VARIABLE, "");
        try {
            return name.isBlank() ? Optional.empty()
                    : Optional.of(new LambdaFunction(settings.region(), settings.accountId(), name));
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(CENSUS_FUNCTION_VARIABLE, "'" + name + "' is not a Lambda function name");
        }
    }

    /** The scheduled event, given directly or inside the census function's invocation record. */
    record Trigger(EventEnvelope scheduled, String census) {
    }

    Trigger parse(Map<String, Object> event) {
        if (!AsyncInvocationRecord.claimedBy(event)) {
            return new Trigger(EventEnvelope.parseScheduled(event, settings), "not run (scheduled event given directly)");
        }
        LambdaFunction from = census.orElseThrow(() -> new InvalidFieldException("requestContext.functionArn",
                "no census function is configured (" + CENSUS_FUNCTION_VARIABLE + "), so no invocation record is accepted"));
        AsyncInvocationRecord record = AsyncInvocationRecord.parse(event, from);
        try {
            return new Trigger(EventEnvelope.parseScheduled(record.requestPayload(), settings), record.condition());
        } catch (InvalidFieldException e) {
            throw e.under("requestPayload");
        }
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        Trigger trigger;
        try {
            trigger = parse(event);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        EventEnvelope envelope = trigger.scheduled();
        EventClaims claims = new EventClaims(ledger, NAME);
        if (!claims.claim(envelope.id(), now)) {
            log.info(now, Map.of("event", envelope.id(), "duplicate", true));
            return Map.of("function", NAME, "event", envelope.id(), "duplicate", true);
        }
        try {
            Map<String, Object> out = run(trigger, now);
            claims.finish(envelope.id(), now, Outcome.SUCCEEDED, clock.instant(), Map.of("window", (String) out.get("window")));
            log.info(now, out);
            return out;
        } catch (RuntimeException e) {
            claims.finish(envelope.id(), now, Outcome.FAILED, clock.instant(),
                    Map.of("error", e.getClass().getSimpleName()));
            log.error(now, Map.of("event", envelope.id(), "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
    }

    private Map<String, Object> run(Trigger trigger, Instant now) {
        EventEnvelope envelope = trigger.scheduled();
        SnapshotWindow window = SnapshotWindow.containing(envelope.time(), settings.policy().interval());
        List<DatabaseId> ready = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        boolean pruned = false;
        for (DatabaseId db : settings.databases().keySet()) {
            if (primary.quotaHeadroom(db) < 1 && !pruned) {
                new PruneSnapshots(List.of(primary, dr), ledger, clock).execute(settings.policy(), false);
                pruned = true;
            }
            if (primary.quotaHeadroom(db) < 1) {
                String why = "the manual snapshot quota (" + RdsSnapshotStore.MANUAL_SNAPSHOT_QUOTA + ") in "
                        + settings.region() + " is full after pruning what the policy allows; nothing unexpired is deleted";
                RunKey key = new RunKey(window.runKeyFor("snapshot", db));
                ledger.claim(AuditRecord.started(key, "snapshot", now));
                ledger.update(AuditRecord.started(key, "snapshot", now).finish(Outcome.SKIPPED, clock.instant(),
                        Map.of("reason", why)));
                skipped.add(Map.of("database", db.value(), "reason", why));
                log.metrics(now, Map.of("SnapshotSkippedForQuota", 1), "Count");
                continue;
            }
            ready.add(db);
        }
        List<TakeSnapshots.Result> results = new TakeSnapshots(primary, ledger, clock).execute(ready, window);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", NAME);
        out.put("event", envelope.id());
        out.put("census", trigger.census());
        out.put("window", window.start().toString());
        out.put("snapshots", results.stream().map(r -> Map.of("database", r.database().value(),
                "snapshotId", r.snapshotId().value(), "status", r.status().name())).collect(Collectors.toList()));
        out.put("skipped", skipped);
        out.put("pruned", pruned);
        return out;
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        SnapshotWindow window = SnapshotWindow.containing(parse(event).scheduled().time(), settings.policy().interval());
        List<PlannedCall> calls = new ArrayList<>(primary.plannedList());
        for (DatabaseId db : settings.databases().keySet()) {
            calls.add(primary.plannedTake(db, window.snapshotIdFor(db)));
        }
        return calls;
    }

    @Override
    public List<String> requiredActions() {
        // the store's own actions (take, list, prune); the census and its manifests are snapshot-census's
        List<String> actions = new ArrayList<>(primary.requiredActions().stream().filter(a -> a.startsWith("rds:")).toList());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: the dry-run plan, then one whole invocation on offline clients
        plan(EventEnvelope.scheduledForPriming(settings, clock.instant()));
        SchedulerPriming.firstCall(settings, clock);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: clients resolve credentials per request
    }
}

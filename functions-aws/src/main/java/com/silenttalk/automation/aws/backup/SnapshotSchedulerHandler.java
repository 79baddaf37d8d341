package com.silenttalk.automation.aws.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.ledger.EventClaims;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.SnapshotId;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;

/**
 * The six-hourly schedule (EventBridge {@code Scheduled Event}): one manual snapshot of each
 * configured instance or cluster, named for the window. Before asking RDS it checks the
 * manual-snapshot quota; when full it prunes what the policy allows, and if still full it
 * skips that database, records why and raises the {@code SnapshotSkippedForQuota} metric.
 */
public final class SnapshotSchedulerHandler implements AwsFunction, Resource {
    public static final String NAME = "snapshot-scheduler";

    private final AwsSettings settings;
    private final RdsSnapshotStore primary;
    private final RdsSnapshotStore dr;
    private final SnapshotCensus census;
    private final RunLedger ledger;
    private final Clock clock;
    private final LineLog log;

    public SnapshotSchedulerHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotSchedulerHandler(AwsWiring w) {
        this(w.settings(), w.primaryStore(), w.drStore(), census(w, LineLog.stdout(NAME)), w.ledger(), w.clock(),
                LineLog.stdout(NAME));
    }

    SnapshotSchedulerHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, SnapshotCensus census,
                             RunLedger ledger, Clock clock, LineLog log) {
        this.settings = settings;
        this.primary = primary.withCensus(census);
        this.census = census;
        this.dr = dr;
        this.ledger = ledger;
        this.clock = clock;
        this.log = log;
    }

    /** Source credentials come from Secrets Manager in the secret's own region; TLS is required. */
    static SnapshotCensus census(AwsWiring w, LineLog log) {
        return new JdbcSnapshotCensus(w.settings().census(), arn -> new SecretsManagerSecretStore(
                w.clients().secretsManager(AwsSettings.regionOf("ST_CENSUS_SECRET_ARNS", arn))),
                w.manifestStore(), "require", log);
    }

    EventEnvelope parse(Map<String, Object> event) {
        EventEnvelope envelope = EventEnvelope.parse(event, Set.of("aws.events", "aws.scheduler"),
                Set.of("Scheduled Event"), settings.allowedAccounts());
        if (!envelope.region().equals(settings.region())) {
            throw new InvalidFieldException("region", "'" + envelope.region() + "' is not this function's region "
                    + settings.region());
        }
        return envelope;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        EventEnvelope envelope;
        try {
            envelope = parse(event);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        EventClaims claims = new EventClaims(ledger, NAME);
        if (!claims.claim(envelope.id(), now)) {
            log.info(now, Map.of("event", envelope.id(), "duplicate", true));
            return Map.of("function", NAME, "event", envelope.id(), "duplicate", true);
        }
        try {
            Map<String, Object> out = run(envelope, now);
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

    private Map<String, Object> run(EventEnvelope envelope, Instant now) {
        SnapshotWindow window = SnapshotWindow.containing(now, settings.policy().interval());
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
        List<TakeSnapshots.Result> results = new TakeSnapshots(primary, ledger, clock).execute(ready, settings.policy());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", NAME);
        out.put("event", envelope.id());
        out.put("window", window.start().toString());
        out.put("snapshots", results.stream().map(r -> Map.of("database", r.database().value(),
                "snapshotId", r.snapshotId().value(), "status", r.status().name())).collect(Collectors.toList()));
        out.put("skipped", skipped);
        out.put("pruned", pruned);
        return out;
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        parse(event);
        SnapshotWindow window = SnapshotWindow.containing(clock.instant(), settings.policy().interval());
        List<PlannedCall> calls = new ArrayList<>(primary.plannedList());
        for (DatabaseId db : settings.databases().keySet()) {
            SnapshotId id = window.snapshotIdFor(db);
            // the census: its credentials, then (over JDBC, not an AWS call) the marker and the counts
            settings.census().secretArnOf(db).ifPresent(arn -> calls.add(new PlannedCall("secretsmanager",
                    AwsSettings.regionOf("ST_CENSUS_SECRET_ARNS", arn), "GetSecretValue", Map.of("SecretId", arn))));
            calls.add(primary.plannedTake(db, id));
            if (settings.census().secretArnOf(db).isPresent()) {
                calls.add(new PlannedCall("s3", settings.region(), "PutObject",
                        Map.of("Bucket", settings.reportBucket(), "Key", S3ManifestSource.keyFor(id))));
            }
        }
        return calls;
    }

    @Override
    public List<String> requiredActions() {
        // the store's own actions (take, list, prune) and the census's; manifests are written here, never read
        List<String> actions = new ArrayList<>(primary.requiredActions().stream().filter(a -> a.startsWith("rds:")).toList());
        actions.addAll(census.requiredActions());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: exercise Jackson and the request marshallers offline.
        plan(Map.of("id", "priming", "source", "aws.events", "detail-type", "Scheduled Event",
                "account", settings.accountId(), "region", settings.region(), "time", clock.instant().toString(),
                "resources", List.of(), "detail", Map.of()));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: clients resolve credentials per request
    }
}

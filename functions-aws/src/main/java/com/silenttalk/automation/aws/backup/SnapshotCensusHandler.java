package com.silenttalk.automation.aws.backup;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
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
import org.crac.Core;
import org.crac.Resource;

/**
 * The six-hourly schedule's first step (EventBridge {@code Scheduled Event}): for each configured
 * database, a marker row and the counts (JDBC, TLS required, credentials from Secrets Manager), kept
 * at once as {@code manifests/<snapshotId>.json} for the snapshot the event's window names. It runs
 * once per (window, database), claimed in the ledger: a second census would commit a second marker
 * that the window's snapshot may not contain. A census that fails is one ERROR line and the
 * {@code SnapshotWithoutManifest} metric, never an error of the function: its invocation record goes
 * to the snapshot-scheduler either way (template.yaml, on success and on failure), so the backup is
 * taken after the census, measured or not. This function is the only one that reaches the databases
 * over JDBC, Secrets Manager and S3, which keeps them out of the scheduler's artifact.
 */
public final class SnapshotCensusHandler implements AwsFunction, Resource {
    public static final String NAME = "snapshot-census";

    private final AwsSettings settings;
    private final SnapshotCensus census;
    private final RunLedger ledger;
    private final Clock clock;
    private final LineLog log;

    public SnapshotCensusHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public SnapshotCensusHandler(AwsWiring w) {
        this(w.settings(), census(w, w.log(NAME)), w.ledger(), w.clock(), w.log(NAME));
    }

    SnapshotCensusHandler(AwsSettings settings, SnapshotCensus census, RunLedger ledger, Clock clock, LineLog log) {
        this.settings = settings;
        this.census = census;
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


    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Instant now = clock.instant();
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parseScheduled(event, settings);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        SnapshotWindow window = SnapshotWindow.containing(envelope.time(), settings.policy().interval());
        List<Map<String, Object>> databases = new ArrayList<>();
        for (DatabaseId db : settings.databases().keySet()) {
            SnapshotId id = window.snapshotIdFor(db);
            RunKey key = new RunKey(window.runKeyFor("census", db));
            Instant started = clock.instant();
            String status;
            if (!ledger.claim(AuditRecord.started(key, "census", started))) {
                status = "ALREADY_MEASURED";
            } else {
                Optional<SnapshotManifest> kept = census.measureAndKeep(db, id, started);
                status = kept.isPresent() ? "MEASURED" : "NOT_MEASURED";
                ledger.update(AuditRecord.started(key, "census", started).finish(
                        kept.isPresent() ? Outcome.SUCCEEDED : Outcome.FAILED, clock.instant(),
                        kept.map(m -> Map.of("snapshot", id.value(), "marker", m.marker().id()))
                                .orElse(Map.of("snapshot", id.value(), "reason", "no manifest: see the ERROR line"))));
            }
            databases.add(Map.of("database", db.value(), "snapshotId", id.value(), "status", status));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("function", NAME);
        out.put("event", envelope.id());
        out.put("window", window.start().toString());
        out.put("databases", databases);
        log.info(now, out);
        return out;
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> event) {
        SnapshotWindow window = SnapshotWindow.containing(EventEnvelope.parseScheduled(event, settings).time(), settings.policy().interval());
        List<PlannedCall> calls = new ArrayList<>();
        for (DatabaseId db : settings.databases().keySet()) {
            // its credentials, then (over JDBC, not an AWS call) the marker and the counts, then the manifest
            settings.census().secretArnOf(db).ifPresent(arn -> {
                calls.add(new PlannedCall("secretsmanager", AwsSettings.regionOf("ST_CENSUS_SECRET_ARNS", arn),
                        "GetSecretValue", Map.of("SecretId", arn, "VersionStage", "AWSCURRENT")));
                calls.add(new PlannedCall("s3", settings.region(), "PutObject", Map.of("Bucket", settings.reportBucket(),
                        "Key", S3ManifestSource.keyFor(window.snapshotIdFor(db)))));
            });
        }
        return calls;
    }

    @Override
    public Optional<String> emptyPlanReason(Map<String, Object> event) {
        EventEnvelope.parseScheduled(event, settings);
        boolean anySecret = settings.databases().keySet().stream().anyMatch(db -> settings.census().secretArnOf(db).isPresent());
        return anySecret ? Optional.empty() : Optional.of("no database of ST_DATABASES has a census secret in "
                + "ST_CENSUS_SECRET_ARNS, so none is measured (each is still snapshotted, without a manifest)");
    }

    @Override
    public List<String> requiredActions() {
        // invoking the scheduler is the Lambda service's, under the destination SAM grants (template.yaml)
        List<String> actions = new ArrayList<>(census.requiredActions());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Priming without cloud calls: exercise the event parsing and the plan offline.
        plan(EventEnvelope.scheduledForPriming(settings, clock.instant()));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: clients resolve credentials per request
    }
}

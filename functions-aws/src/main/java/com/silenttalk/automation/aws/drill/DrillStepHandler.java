package com.silenttalk.automation.aws.drill;

import com.amazonaws.services.lambda.runtime.Context;
import com.silenttalk.automation.aws.backup.RdsCrossRegionCopier;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.workflow.Advance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/**
 * One turn of the restore drill, called by the Step Functions loop in template.yaml
 * ("call step, wait SecondsPath, repeat until done"). Input is either a start request (the
 * monthly Scheduled Event, or {@code {"database": "orders"}} from a manual start) or the
 * previous turn's output {@code {"state": ..., "waitSeconds": n, "done": false}}. The
 * state holds identifiers and figures only. Any failure jumps to teardown, so the drill
 * instance is always deleted (final snapshot skipped).
 */
public final class DrillStepHandler implements AwsFunction, Resource {
    /** How many replicas, newest first, a drill looks through for one with a manifest. */
    static final int MANIFEST_FALLBACKS = 4;

    public static final String NAME = "drill-step";
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm'z'").withZone(ZoneOffset.UTC);

    private final AwsSettings settings;
    private final DrillWorkflow workflow;
    private final RdsSnapshotStore dr;
    private final RdsRestorer restorer;
    private final RecoveryPointSettings recoveryPoints;
    private final RecoveryPointStore vault;
    private final RecoveryPointRestorer vaultRestorer;
    private final DrillWorkflow vaultWorkflow;
    private final S3ReportWriter reports;
    private final Clock clock;
    private final LineLog log;
    private final List<String> requiredActions;

    public DrillStepHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public DrillStepHandler(AwsWiring w) {
        this(w, RecoveryPointSettings.fromEnvironment(w.environment()));
    }

    private DrillStepHandler(AwsWiring w, RecoveryPointSettings recoveryPoints) {
        this(w.settings(), w.primaryStore(w.manifests()), w.drStore(w.manifests()), w.copier(), w.restorer(),
                new JdbcRestoreInspector(arn -> new SecretsManagerSecretStore(w.clients().secretsManager(regionOf(arn))), "require"),
                w.ledger(), w.reportWriter(), w.clock(), w.log(NAME), recoveryPoints,
                vaultOf(w, recoveryPoints), new RecoveryPointRestorer(() -> w.clients().backup(w.settings().drRegion()),
                        w.restorer(), w.settings().drRegion(), recoveryPoints.vault().orElse(UNSET),
                        recoveryPoints.restoreRole().orElse(UNSET), w.settings().drill(), w.settings()::kindOf));
    }

    /** Stands in for a vault or role that is not configured: nothing calls AWS with it (starts refuse first). */
    private static final String UNSET = "not-configured";

    private static RecoveryPointStore vaultOf(AwsWiring w, RecoveryPointSettings recoveryPoints) {
        AwsSettings s = w.settings();
        return new RecoveryPointStore(() -> w.clients().backup(s.drRegion()), s.drRegion(),
                recoveryPoints.vault().orElse(UNSET), s.region(), s.accountId(), s.databases(), w.manifests(),
                s.policy().interval());
    }

    /** Drills of the suite's snapshots only (no vault configured). */
    DrillStepHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                     RdsRestorer restorer, DatabaseInspector inspector, RunLedger ledger, S3ReportWriter reports,
                     Clock clock, LineLog log) {
        this(settings, primary, dr, copier, restorer, inspector, ledger, reports, clock, log, RecoveryPointSettings.NONE,
                new RecoveryPointStore(() -> {
                    throw new IllegalStateException("no vault configured");
                }, settings.drRegion(), UNSET, settings.region(), settings.accountId(), settings.databases(),
                        ManifestSource.NONE, settings.policy().interval()),
                new RecoveryPointRestorer(() -> {
                    throw new IllegalStateException("no vault configured");
                }, restorer, settings.drRegion(), UNSET, UNSET, settings.drill(), settings::kindOf));
    }

    DrillStepHandler(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                     RdsRestorer restorer, DatabaseInspector inspector, RunLedger ledger, S3ReportWriter reports,
                     Clock clock, LineLog log, RecoveryPointSettings recoveryPoints, RecoveryPointStore vault,
                     RecoveryPointRestorer vaultRestorer) {
        this.settings = settings;
        this.dr = dr;
        this.restorer = restorer;
        this.reports = reports;
        this.clock = clock;
        this.log = log;
        this.recoveryPoints = recoveryPoints;
        this.vault = vault;
        this.vaultRestorer = vaultRestorer;
        this.workflow = new DrillWorkflow(primary, dr, copier, restorer, inspector, ledger, clock);
        // a recovery point is restored where it is: nothing is copied, so this workflow's copy step is never reached
        this.vaultWorkflow = new DrillWorkflow(primary, vault, copier, vaultRestorer, inspector, ledger, clock);
        List<String> actions = new ArrayList<>(dr.requiredActions().stream()
                .filter(a -> a.startsWith("rds:Describe") || a.equals("rds:AddTagsToResource") || a.startsWith("s3:") || a.startsWith("kms:")).toList());
        actions.addAll(restorer.requiredActions());
        actions.addAll(vault.requiredActions());
        actions.addAll(vaultRestorer.requiredActions());
        actions.addAll(reports.requiredActions());
        if (inspector instanceof JdbcRestoreInspector jdbc) {
            actions.addAll(jdbc.requiredActions());
        }
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        this.requiredActions = actions.stream().distinct().sorted().toList();
    }

    /** A drill that cannot start (nothing to restore, or nothing to verify it against): refused before any side effect. */
    static final class DrillRefusedException extends IllegalStateException {
        DrillRefusedException(String message) {
            super(message);
        }
    }

    /** A start request: which database to drill, from which kind of copy. */
    record Start(DatabaseId database, CopyKind copy) {
    }

    Object parse(Map<String, Object> input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidFieldException("input", "is empty: expected a Scheduled Event, {\"database\": ...} or a drill state");
        }
        if (input.containsKey("state")) {
            if (!(input.get("state") instanceof Map<?, ?>)) {
                throw new InvalidFieldException("state", "must be the drill state object of the previous step");
            }
            try {
                return Json.fromMap(input.get("state"), DrillState.class);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("state", "is not a drill state: " + firstLine(e.getMessage()));
            }
        }
        if (input.containsKey("detail-type")) {
            EventEnvelope e = EventEnvelope.parse(input, Set.of("aws.events", "aws.scheduler"), Set.of("Scheduled Event"),
                    settings.allowedAccounts());
            Object db = e.detail().get("database");
            CopyKind copy = copy(e.detail().get("copy"));
            if (db instanceof String s) {
                return new Start(database(s), copy);
            }
            // the monthly schedule drills the first configured database unless its detail names one
            return new Start(settings.databases().keySet().iterator().next(), copy);
        }
        if (input.containsKey("database")) {
            if (!(input.get("database") instanceof String s)) {
                throw new InvalidFieldException("database", "must be a database name");
            }
            return new Start(database(s), copy(input.get("copy")));
        }
        throw new InvalidFieldException("input", "has none of state, detail-type or database");
    }

    /** The copy a start names ("snapshot" or "recovery-point"), else ST_DRILL_COPY's. */
    private CopyKind copy(Object named) {
        if (named == null) {
            return recoveryPoints.defaultCopy();
        }
        if (!(named instanceof String text)) {
            throw new InvalidFieldException("copy", "must be snapshot or recovery-point");
        }
        CopyKind copy = RecoveryPointSettings.copy("copy", text);
        if (copy == CopyKind.VAULT_RECOVERY_POINT) {
            recoveryPoints.requireConfigured();
        }
        return copy;
    }

    private DatabaseId database(String name) {
        DatabaseId id = new DatabaseId(name);
        settings.kindOf(id); // names the field when the database is not configured
        return id;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Instant now = clock.instant();
        Object command;
        try {
            command = parse(input);
        } catch (InvalidFieldException e) {
            log.error(now, Map.of("rejected", e.getMessage()));
            throw e;
        }
        DrillState state;
        try {
            state = command instanceof Start start ? start(start, now) : (DrillState) command;
        } catch (DrillRefusedException e) {
            log.error(now, Map.of("refused", e.getMessage()));
            throw e;
        }
        Advance<DrillState> next = workflowFor(state).advance(state, now);
        DrillState after = next.state();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", Json.toMap(after));
        out.put("waitSeconds", next.nextCheckAfter().map(Duration::toSeconds).orElse(0L));
        out.put("done", next.isDone());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("run", after.runId());
        line.put("from", state.step().label());
        line.put("to", after.step().label());
        line.put("waitSeconds", out.get("waitSeconds"));
        if (next.isDone() && after.report() != null) {
            DrillReport report = after.report();
            out.put("passed", report.passed());
            out.put("summary", report.summary());
            out.put("reportKey", reports.write(report));
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("DrillPassed", report.passed() ? 1 : 0);
            if (report.rto() != null) {
                metrics.put("RtoSeconds", report.rto().toSeconds());
            }
            if (report.rpo() != null) {
                metrics.put("RpoSeconds", report.rpo().toSeconds());
            }
            log.metrics(now, metrics, "None");
            line.put("passed", report.passed());
            line.put("summary", report.summary());
        }
        log.info(now, line);
        return out;
    }

    /** A drill of a vault's recovery point runs the vault workflow to its end, whichever turn delivers it. */
    private DrillWorkflow workflowFor(DrillState state) {
        boolean fromVault = state.replica() != null && state.replica().kind() == CopyKind.VAULT_RECOVERY_POINT;
        return fromVault ? vaultWorkflow : workflow;
    }

    private DrillState start(Start start, Instant now) {
        return start.copy() == CopyKind.VAULT_RECOVERY_POINT ? startFromVault(start.database(), now)
                : start(start.database(), now);
    }

    /**
     * The newest recovery point of the database in the DR vault that has a census manifest to check it against (the
     * newest few are tried, as for snapshots). Aurora clusters are refused before anything is restored.
     */
    private DrillState startFromVault(DatabaseId database, Instant now) {
        if (settings.kindOf(database) != AwsSettings.RdsKind.INSTANCE) {
            throw new DrillRefusedException(database + " is an Aurora cluster: drills of its recovery points are not"
                    + " supported; drill its snapshots (copy: snapshot)");
        }
        List<Snapshot> points = vault.availableNewestFirst(database);
        if (points.isEmpty()) {
            throw new DrillRefusedException("no completed recovery point of " + database + " in vault " + vault.vault()
                    + " (" + settings.drRegion() + ") to drill");
        }
        for (Snapshot candidate : points.subList(0, Math.min(MANIFEST_FALLBACKS, points.size()))) {
            Optional<SnapshotManifest> manifest = vault.manifestFor(candidate);
            if (manifest.isPresent()) {
                if (candidate != points.get(0)) {
                    log.error(now, Map.of("database", database.value(), "unverifiable", points.get(0).location()
                            + " has no census manifest of its window", "drilling", candidate.location()));
                }
                DrillRequest request = new DrillRequest(database, settings.policy().interval(), settings.drRegion(),
                        DrillTargets.DEFAULT, List.of(), true);
                return vaultWorkflow.startFromReplica(database.value() + "-" + RUN_STAMP.format(now), request, candidate,
                        manifest.get(), now);
            }
        }
        throw new DrillRefusedException("recovery point " + points.get(0).location() + " has no census manifest of its"
                + " window (nor of the one before) in s3://" + settings.reportBucket() + "/manifests/: nothing to verify"
                + " the restore against; nothing was restored");
    }

    private DrillState start(DatabaseId database, Instant now) {
        List<Snapshot> replicas = dr.availableNewestFirst(database);
        if (replicas.isEmpty()) {
            throw new DrillRefusedException("no available suite snapshot of " + database + " in " + settings.drRegion()
                    + " to drill");
        }
        // A replica whose census failed cannot be verified; an older one that can still proves the restore path,
        // and its age shows in the measured RPO (which then fails the drill if it is too old).
        Snapshot replica = null;
        SnapshotManifest manifest = null;
        for (Snapshot candidate : replicas.subList(0, Math.min(MANIFEST_FALLBACKS, replicas.size()))) {
            Optional<SnapshotManifest> found = dr.manifest(candidate.id());
            if (found.isPresent()) {
                replica = candidate;
                manifest = found.get();
                break;
            }
        }
        Snapshot newest = replicas.get(0);
        if (replica == null) {
            throw new DrillRefusedException("snapshot " + newest.ref() + " has no manifest at s3://" + settings.reportBucket()
                    + "/" + S3ManifestSource.keyFor(newest.id()) + (replicas.size() > 1 ? ", nor has any of the next "
                    + (Math.min(MANIFEST_FALLBACKS, replicas.size()) - 1) + " older replicas" : "")
                    + ": nothing to verify the restore against (the census did not run for them; see"
                    + " ST_CENSUS_SECRET_ARNS); nothing was restored");
        }
        if (replica != newest) {
            log.error(now, Map.of("database", database.value(), "unverifiable", newest.ref() + " has no manifest at "
                    + S3ManifestSource.keyFor(newest.id()), "drilling", replica.ref()));
        }
        DrillRequest request = new DrillRequest(database, settings.policy().interval(), settings.drRegion(),
                DrillTargets.DEFAULT, List.of(), true);
        String runId = database.value() + "-" + RUN_STAMP.format(now);
        return workflow.startFromReplica(runId, request, replica, manifest, now);
    }

    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        Object command = parse(input);
        if (command instanceof Start start && start.copy() == CopyKind.VAULT_RECOVERY_POINT) {
            String runId = start.database().value() + "-" + RUN_STAMP.format(clock.instant());
            List<PlannedCall> calls = new ArrayList<>(vault.plannedList(start.database()));
            calls.addAll(vaultRestorer.plannedRestore("<newest completed recovery point of " + start.database() + " in "
                    + vault.vault() + ">", "drill-" + runId));
            calls.addAll(restorer.plannedTearDown(start.database(), "drill-" + runId));
            return calls;
        }
        if (command instanceof Start start) {
            List<PlannedCall> calls = new ArrayList<>(dr.plannedList());
            String runId = start.database().value() + "-" + RUN_STAMP.format(clock.instant());
            calls.addAll(restorer.plannedRestore(start.database(), "<latest available " + start.database()
                    + " snapshot in " + settings.drRegion() + ">", "drill-" + runId));
            calls.addAll(restorer.plannedTearDown(start.database(), "drill-" + runId));
            return calls;
        }
        DrillState state = (DrillState) command;
        String snapshot = state.replica() == null ? "<replica>" : state.replica().id().value();
        DatabaseId database = state.request().database();
        if (state.replica() != null && state.replica().kind() == CopyKind.VAULT_RECOVERY_POINT) {
            return switch (state.step()) {
                case RESTORE -> state.restoreJob() == null
                        ? vaultRestorer.plannedRestore(state.replica().location(), state.instanceName())
                        : List.of(new PlannedCall("backup", settings.drRegion(), "DescribeRestoreJob",
                                Map.of("RestoreJobId", state.restoreJob())));
                case TEARDOWN -> restorer.plannedTearDown(database, state.instanceName());
                default -> List.of();
            };
        }
        return switch (state.step()) {
            case RESTORE -> restorer.plannedRestore(database, snapshot, state.instanceName());
            case TEARDOWN -> restorer.plannedTearDown(database, state.instanceName());
            default -> List.of();
        };
    }

    @Override
    public List<String> requiredActions() {
        return requiredActions;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        settings.databases().keySet().stream().findFirst().ifPresent(d -> plan(Map.of("database", d.value())));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    static String regionOf(String arn) {
        return AwsSettings.regionOf("ST_DRILL_SECRET_ARN", arn);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

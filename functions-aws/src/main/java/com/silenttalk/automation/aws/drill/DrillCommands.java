package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.drill.NewestVerifiableReplica;
import com.silenttalk.automation.core.workflow.Advance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a drill step is given, as a command (a start, or the previous turn's state), and how a start becomes the
 * drill's first state: the newest copy with a manifest ({@link NewestVerifiableReplica}), of the suite's snapshots in
 * the DR region or of the DR vault's recovery points; a drill that cannot start is refused before any side effect.
 */
final class DrillCommands {
    static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm'z'").withZone(ZoneOffset.UTC);

    private final DrillWiring drill;
    private final LineLog log;

    DrillCommands(DrillWiring drill, LineLog log) {
        this.drill = drill;
        this.log = log;
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
                    drill.settings().allowedAccounts());
            Object db = e.detail().get("database");
            CopyKind copy = copy(e.detail().get("copy"));
            if (db instanceof String s) {
                return new Start(database(s), copy);
            }
            // the monthly schedule drills the first configured database unless its detail names one
            return new Start(drill.settings().databases().keySet().iterator().next(), copy);
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
            return drill.recoveryPoints().defaultCopy();
        }
        if (!(named instanceof String text)) {
            throw new InvalidFieldException("copy", "must be snapshot or recovery-point");
        }
        CopyKind copy = RecoveryPointSettings.copy("copy", text);
        if (copy == CopyKind.VAULT_RECOVERY_POINT) {
            drill.recoveryPoints().requireConfigured();
        }
        return copy;
    }

    private DatabaseId database(String name) {
        DatabaseId id = new DatabaseId(name);
        drill.settings().kindOf(id); // names the field when the database is not configured
        return id;
    }

    /** A drill of a vault's recovery point runs the vault workflow to its end, whichever turn delivers it. */
    DrillWorkflow workflowFor(DrillState state) {
        boolean fromVault = state.replica() != null && state.replica().kind() == CopyKind.VAULT_RECOVERY_POINT;
        return fromVault ? drill.vaultWorkflow() : drill.workflow();
    }

    DrillState start(Start start, Instant now) {
        return start.copy() == CopyKind.VAULT_RECOVERY_POINT ? startFromVault(start.database(), now)
                : start(start.database(), now);
    }

    /**
     * The newest recovery point of the database in the DR vault that has a census manifest to check it against (the
     * newest few are tried, as for snapshots). Aurora clusters are refused before anything is restored.
     */
    private DrillState startFromVault(DatabaseId database, Instant now) {
        if (drill.settings().kindOf(database) != AwsSettings.RdsKind.INSTANCE) {
            throw new DrillRefusedException(database + " is an Aurora cluster: drills of its recovery points are not"
                    + " supported; drill its snapshots (copy: snapshot)");
        }
        List<Snapshot> points = drill.vault().availableNewestFirst(database);
        DrillRequest request = new DrillRequest(database, drill.settings().policy().interval(), drill.settings().drRegion(),
                DrillTargets.DEFAULT, List.of(), true);
        NewestVerifiableReplica.Selection selection = NewestVerifiableReplica.among(points, drill.vault()::manifestFor);
        if (selection instanceof NewestVerifiableReplica.Chosen chosen) {
            chosen.skippedNewest().ifPresent(newest -> log.error(now, Map.of("database", database.value(), "unverifiable",
                    newest.location() + " has no census manifest of its window", "drilling", chosen.replica().location())));
            return drill.vaultWorkflow().startFromReplica(database.value() + "-" + RUN_STAMP.format(now), request, chosen.replica(),
                    chosen.manifest(), now);
        }
        if (selection instanceof NewestVerifiableReplica.NoneVerifiable none) {
            throw new DrillRefusedException("recovery point " + none.newest().location() + " has no census manifest of its"
                    + " window (nor of the one before) in s3://" + drill.settings().reportBucket() + "/manifests/: nothing to verify"
                    + " the restore against; nothing was restored");
        }
        throw new DrillRefusedException("no completed recovery point of " + database + " in vault " + drill.vault().vault()
                + " (" + drill.settings().drRegion() + ") to drill");
    }

    private DrillState start(DatabaseId database, Instant now) {
        List<Snapshot> replicas = drill.dr().availableNewestFirst(database);
        DrillRequest request = new DrillRequest(database, drill.settings().policy().interval(), drill.settings().drRegion(),
                DrillTargets.DEFAULT, List.of(), true);
        NewestVerifiableReplica.Selection selection = NewestVerifiableReplica.among(replicas, c -> drill.dr().manifest(c.id()));
        if (selection instanceof NewestVerifiableReplica.Chosen chosen) {
            chosen.skippedNewest().ifPresent(newest -> log.error(now, Map.of("database", database.value(), "unverifiable",
                    newest.ref() + " has no manifest at " + S3ManifestSource.keyFor(newest.id()), "drilling", chosen.replica().ref())));
            return drill.workflow().startFromReplica(database.value() + "-" + RUN_STAMP.format(now), request, chosen.replica(),
                    chosen.manifest(), now);
        }
        if (selection instanceof NewestVerifiableReplica.NoneVerifiable none) {
            throw new DrillRefusedException("snapshot " + none.newest().ref() + " has no manifest at s3://"
                    + drill.settings().reportBucket() + "/" + S3ManifestSource.keyFor(none.newest().id())
                    + (none.looked() > 1 ? ", nor has any of the next " + (none.looked() - 1) + " older replicas" : "")
                    + ": nothing to verify the restore against (the census did not run for them; see"
                    + " ST_CENSUS_SECRET_ARNS); nothing was restored");
        }
        throw new DrillRefusedException("no available suite snapshot of " + database + " in " + drill.settings().drRegion() + " to drill");
    }

    /**
     * One turn of the step loop: a start becomes the drill's first state, the workflow advances it, and the output
     * Step Functions carries to the next turn ({@code state}, {@code waitSeconds}, {@code done}; when done, the result
     * and the report's key) is rendered with the turn's log line and, at the end, the result's metrics.
     */
    EventFunction.Rendered turn(Object command, Instant now) {
        DrillState state = command instanceof Start start ? start(start, now) : (DrillState) command;
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
            out.put("reportKey", drill.reports().write(report));
            log.metrics(now, metricsOf(report), "None");
            line.put("passed", report.passed());
            line.put("summary", report.summary());
        }
        return EventFunction.Rendered.logged(out, line);
    }

    /** The drill's result as metrics: passed, and the measured RTO and RPO when there are. */
    private static Map<String, Number> metricsOf(DrillReport report) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("DrillPassed", report.passed() ? 1 : 0);
        if (report.rto() != null) {
            metrics.put("RtoSeconds", report.rto().toSeconds());
        }
        if (report.rpo() != null) {
            metrics.put("RpoSeconds", report.rpo().toSeconds());
        }
        return metrics;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.backup.SourceCheck;
import com.silenttalk.automation.local.backup.SourceDatabase;
import com.silenttalk.automation.local.backup.SpacePreflight;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code opsctl drill} on this machine: against the configured source, or (--demo) a throwaway source loaded with a
 * SilentTalk-like dataset; an unfinished drill of the same database resumes. Writes the report and exits by it.
 */
final class LocalDrill {
    private final OpsctlContext opsctl;
    private final DrillOptions options;

    private LocalDrill(OpsctlContext opsctl, DrillOptions options) {
        this.opsctl = opsctl;
        this.options = options;
    }

    /** Refuses, before anything is read, the options of the cloud runs and the ones that contradict each other. */
    static int run(OpsctlContext opsctl, DrillOptions options) {
        if (options.stateMachine() != null) {
            throw new InvalidFieldException("--state-machine", "only applies with --cloud aws");
        }
        if (options.functionUrl() != null || options.runId() != null) {
            throw new InvalidFieldException(options.functionUrl() != null ? "--function-url" : "--run-id", "only applies with --cloud azure");
        }
        if (options.database() != null) {
            throw new InvalidFieldException("--database", "only applies with --cloud aws or azure");
        }
        if (options.timeoutMinutes() < 1) {
            throw new InvalidFieldException("--timeout-minutes", "must be positive");
        }
        if (options.demo() && options.sourceUrl() != null) {
            throw new InvalidFieldException("--demo", "cannot be combined with --source-url");
        }
        if (!options.demo() && options.rows() != 100000) {
            throw new InvalidFieldException("--rows", "only applies with --demo");
        }
        DemoDataset.checkRows("--rows", options.rows());
        LocalDrill drill = new LocalDrill(opsctl, options);
        DrillState finished = options.demo() ? drill.runDemo() : drill.runAgainstSource();
        return drill.finish(finished.report());
    }

    private DrillState runAgainstSource() {
        OpsConfig config = opsctl.config();
        SourceDatabase source = SourceDatabase.from(opsctl, config, options.sourceUrl());
        DrillWiring wiring = DrillWiring.forSource(config, source, opsctl.env(), opsctl.clock());
        SourceCheck measured = preflight(wiring.binaries(), source.endpoint());
        DrillRequest request = wiring.drillRequest().about(measured.identity(), config.source().requireTls());
        LocalDrillRunner runner = runner(wiring);
        refuseAnotherSourcesSnapshot(wiring, runner, request, source.field());
        try (OperationLease lease = lease(config, request.database())) {
            return runner.runOrResume(request, measured);
        }
    }

    private LocalDrillRunner runner(DrillWiring wiring) {
        return wiring.runner(opsctl.err(), opsctl.crashPoints(), opsctl.diskSpace());
    }

    /** One drill per database at a time: a second one in this state directory waits (--wait) or exits 2 naming the first. */
    private OperationLease lease(OpsConfig config, DatabaseId database) {
        return OperationLease.forCommand(opsctl, config.stateDir(), "drill", database.value(),
                options.waitForResult() ? Duration.ofMinutes(options.timeoutMinutes()) : Duration.ZERO);
    }

    /**
     * Before anything is written: this window's snapshot, or the unfinished drill's, is reused only
     * if it is of the database asked about (same database, same server). Otherwise exit 2, naming both.
     */
    private void refuseAnotherSourcesSnapshot(DrillWiring wiring, LocalDrillRunner runner, DrillRequest request, String field) {
        Optional<DrillState> unfinished = runner.unfinished(request);
        if (unfinished.isPresent() && unfinished.get().manifest() != null) {
            SourceIdentity.requireSnapshotOf(unfinished.get().manifest(), request.source(), field);
        }
        SnapshotId id = SnapshotWindow.containing(opsctl.clock().instant(), request.snapshotInterval())
                .snapshotIdFor(request.database());
        if (wiring.primary().find(id).isPresent()) {
            SnapshotManifest manifest = wiring.primary().manifest(id).orElseThrow(() -> new InvalidFieldException(field,
                    "snapshot " + id + " in " + wiring.primary().root() + " has no manifest, so it cannot be shown to be of "
                            + request.source().describe()));
            SourceIdentity.requireSnapshotOf(manifest, request.source(), field);
        }
    }

    private DrillState runDemo() {
        OpsConfig config = DemoSource.configFor(opsctl.config());
        PgBinaries binaries = PgBinaries.locate(opsctl.env());
        preflightBinaries(binaries);
        // Before anything is removed or reset: those belong to the drill that holds the lease, if one does.
        try (OperationLease lease = lease(config, DemoSource.DATABASE)) {
            return runDemoUnderLease(config, binaries);
        }
    }

    private DrillState runDemoUnderLease(OpsConfig config, PgBinaries binaries) {
        DrillWiring readOnly = DrillWiring.regionsOnly(config, opsctl.env(), opsctl.clock());
        Path clusters = readOnly.clustersRoot();
        ThrowawayCluster.removeLeftover(binaries, clusters, DemoSource.clusterName(config));

        LocalDrillRunner resumer = runner(readOnly);
        resumer.closeAbandoned(DemoSource.DATABASE);
        Optional<DrillState> unfinished = resumer.unfinished(readOnly.drillRequest());
        if (unfinished.isPresent() && unfinished.get().step() != DrillStep.SNAPSHOT) {
            // The snapshot exists: the rest of the drill needs no source server.
            return resumer.runOrResume(readOnly.drillRequest());
        }
        unfinished.ifPresent(s -> abandon(readOnly, resumer, s));
        resetDemoRegions(config);
        SpacePreflight.require(opsctl.diskSpace(), SpacePreflight.demo(config.stateDir(), clusters, options.rows()));

        try (ThrowawayCluster source = DemoSource.start(binaries, clusters, config)) {
            long started = System.nanoTime();
            DemoDataset.Sizes sizes = DemoDataset.load(DemoSource.endpoint(source), options.rows());
            SourceCheck measured = SourceCheck.of(DemoSource.endpoint(source));
            opsctl.err().printf("[demo] source %s on 127.0.0.1:%d loaded: %d users, %d contacts, %d calls, %d messages, %d sessions (%d rows, %s) in %.1fs%n",
                    DemoSource.SOURCE_DB, source.handle().port(), sizes.users(), sizes.contacts(), sizes.calls(), sizes.messages(),
                    sizes.sessions(), sizes.total(), SpacePreflight.readable(measured.databaseBytes()), (System.nanoTime() - started) / 1e9);
            opsctl.crashPoints().reached("source-loaded");
            DrillWiring wiring = DrillWiring.of(config, DemoSource.endpoint(source), opsctl.env(), opsctl.clock());
            return runner(wiring).runOrResume(wiring.drillRequest(), measured);
        }
    }

    /** An unfinished demo drill that never finished its snapshot cannot resume: its source server is gone. */
    private void abandon(DrillWiring wiring, LocalDrillRunner runner, DrillState state) {
        ThrowawayCluster.removeLeftover(wiring.binaries(), wiring.clustersRoot(), state.instanceName());
        AuditRecord claimed = wiring.ledger().find(DrillWorkflow.runKey(state.runId()))
                .orElse(AuditRecord.started(DrillWorkflow.runKey(state.runId()), "drill", state.startedAt()));
        runner.abandon(claimed, "stopped during " + state.step().label() + " and the demo source server it read is gone");
        wiring.journal().discard(state.runId());
    }

    private static void resetDemoRegions(OpsConfig config) {
        LocalFiles.deleteTree(config.stateDir().resolve("regions"));
    }

    private int finish(DrillReport report) {
        Path dir = opsctl.workingDir().resolve(options.reportDir());
        DrillReportWriter.write(report, dir, logDir());
        opsctl.out().println(LocalJson.writeRecordIndented(report));
        opsctl.err().println("[drill] " + report.summary());
        opsctl.err().println("[drill] report: " + dir.resolve(DrillReportWriter.HTML).normalize());
        return exitCode(report);
    }

    private Path logDir() {
        return (options.demo() ? DemoSource.configFor(opsctl.config()) : opsctl.config()).logDir();
    }

    /** README's exit codes: 1 a check failed, 3 a tool, server or permission failed, 2 refused input, 70 a bug. */
    static int exitCode(DrillReport report) {
        if (report.passed()) {
            return ExitCode.OK;
        }
        return switch (report.failureKind()) {
            case CHECK -> ExitCode.CHECK_FAILED;
            case ENVIRONMENT -> ExitCode.ENVIRONMENT;
            case INPUT -> ExitCode.BAD_INPUT;
            case INTERNAL -> ExitCode.INTERNAL;
        };
    }

    /** Fail fast, before any state is written, when the drill could not possibly run: and which database is it? */
    static SourceCheck preflight(PgBinaries binaries, PgEndpoint source) {
        preflightBinaries(binaries);
        return SourceCheck.of(source);
    }

    static void preflightBinaries(PgBinaries binaries) {
        for (String tool : new String[] {"initdb", "pg_ctl", "pg_dump", "pg_restore"}) {
            binaries.tool(tool);
        }
    }
}

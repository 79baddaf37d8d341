package com.silenttalk.automation.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
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
import com.silenttalk.automation.core.UntrustedText;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Restore drill: snapshot → copy to the second region → restore into a throwaway server → verify → tear down → report.",
                "An interrupted drill of the same database resumes from its last finished step.",
                "With --cloud azure: starts the drill in the Azure function app (function key from AZURE_FUNCTION_KEY) and prints its instance id."})
public final class DrillCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--demo", description = "Start a throwaway source PostgreSQL with a SilentTalk-like dataset and drill it.")
    boolean demo;

    @Option(names = "--rows", defaultValue = "100000", description = "Demo dataset size in rows (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--source-url", paramLabel = "URL",
            description = "postgresql://user@host:port/database (password from the variable named by source.passwordEnv).")
    String sourceUrl;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where drill-report.json and drill-report.html go (default: the working directory).")
    Path reportDir;

    @Option(names = "--cloud", paramLabel = "CLOUD",
            description = "aws: start the deployed DrillStateMachine; azure: run the drill in the deployed Azure function app.")
    String cloud;

    @Option(names = "--state-machine", paramLabel = "ARN",
            description = "With --cloud aws: the DrillStateMachine ARN (default: $" + StepFunctionsDrill.STATE_MACHINE_ENV + ").")
    String stateMachine;

    @Option(names = "--function-url", paramLabel = "URL",
            description = "With --cloud azure: the drill's HTTP start, https://<app>.azurewebsites.net/api/drills.")
    String functionUrl;

    @Option(names = "--database", paramLabel = "NAME",
            description = "With --cloud azure: the Flexible Server to drill; with --cloud aws: the database (default: the first in $ST_DATABASES).")
    String database;

    @Option(names = "--run-id", paramLabel = "ID", description = "With --cloud azure: the instance id (a repeat start of one id starts nothing new).")
    String runId;

    @Option(names = "--wait", description = {"With --cloud aws or azure: follow the run until it ends, print its result and exit by it.",
            "Locally: when a drill of the same database is running, wait for it to end (up to --timeout-minutes) instead of exiting 2."})
    boolean waitForResult;

    @Option(names = "--poll-seconds", defaultValue = "15", description = "With --wait: seconds between status checks (default: ${DEFAULT-VALUE}).")
    long pollSeconds;

    @Option(names = "--timeout-minutes", defaultValue = "240", description = "With --wait: give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() {
        if ("aws".equals(cloud)) {
            return runOnAws();
        }
        if (cloud != null) {
            return inAzure();
        }
        if (stateMachine != null) {
            throw new InvalidFieldException("--state-machine", "only applies with --cloud aws");
        }
        if (functionUrl != null || runId != null) {
            throw new InvalidFieldException(functionUrl != null ? "--function-url" : "--run-id", "only applies with --cloud azure");
        }
        if (database != null) {
            throw new InvalidFieldException("--database", "only applies with --cloud aws or azure");
        }
        if (timeoutMinutes < 1) {
            throw new InvalidFieldException("--timeout-minutes", "must be positive");
        }
        if (demo && sourceUrl != null) {
            throw new InvalidFieldException("--demo", "cannot be combined with --source-url");
        }
        if (!demo && rows != 100000) {
            throw new InvalidFieldException("--rows", "only applies with --demo");
        }
        DemoDataset.checkRows("--rows", rows);
        DrillState finished = demo ? runDemo() : runAgainstSource();
        return finish(finished.report());
    }

    /** Starts the drill in Azure; with --wait, prints the ended instance and exits by its result. */
    private int inAzure() {
        if (!"azure".equals(cloud)) {
            throw new InvalidFieldException("--cloud", "must be aws or azure, got " + UntrustedText.quoted(cloud));
        }
        if (demo || sourceUrl != null) {
            throw new InvalidFieldException(demo ? "--demo" : "--source-url", "cannot be combined with --cloud");
        }
        if (functionUrl == null) {
            throw new InvalidFieldException("--function-url", "is required with --cloud azure");
        }
        if (database == null || database.isBlank()) {
            throw new InvalidFieldException("--database", "is required with --cloud azure");
        }
        if (pollSeconds < 0 || timeoutMinutes < 1) {
            throw new InvalidFieldException(pollSeconds < 0 ? "--poll-seconds" : "--timeout-minutes",
                    "must be positive");
        }
        URI url = AzureDrillStart.functionUrl(functionUrl);
        AzureDrillStart azure = DrillWiring.azureDrillStart(opsctl.env(), opsctl.clock());
        AzureDrillStart.Started started = azure.start(url, database, runId);
        opsctl.out().println(LocalJson.write(Map.of("instanceId", started.instanceId())));
        opsctl.err().println("[drill] started " + started.instanceId() + " on " + url.getHost());
        if (!waitForResult) {
            return ExitCode.OK;
        }
        JsonNode status = azure.await(started, Duration.ofSeconds(pollSeconds),
                Duration.ofMinutes(timeoutMinutes));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("instanceId", started.instanceId());
        result.put("runtimeStatus", status.path("runtimeStatus").asText());
        result.put("output", status.path("output"));
        result.put("createdTime", status.path("createdTime").asText(null));
        result.put("lastUpdatedTime", status.path("lastUpdatedTime").asText(null));
        opsctl.out().println(LocalJson.write(result));
        String output = status.path("output").isTextual() ? status.path("output").asText() : status.path("output").toString();
        opsctl.err().println("[drill] " + started.instanceId() + " " + status.path("runtimeStatus").asText() + ": " + output);
        // the orchestration completes with the drill's summary, which says whether the drill itself passed
        boolean passed = "Completed".equals(status.path("runtimeStatus").asText()) && output.contains(" passed");
        return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private int runOnAws() {
        if (demo || sourceUrl != null) {
            throw new InvalidFieldException(demo ? "--demo" : "--source-url",
                    "does not apply with --cloud aws (the drill restores the newest RDS snapshot copy in the DR region)");
        }
        if (pollSeconds < 1 || pollSeconds > 600 || timeoutMinutes < 1) {
            throw new InvalidFieldException(timeoutMinutes < 1 ? "--timeout-minutes" : "--poll-seconds",
                    timeoutMinutes < 1 ? "must be positive" : "must be 1-600, got " + pollSeconds);
        }
        StepFunctionsDrill.Request request = StepFunctionsDrill.request(stateMachine, database, opsctl.env());
        try (StepFunctionsDrill drill = StepFunctionsDrill.connect(request, opsctl.env(), opsctl.clock(), opsctl.out(),
                opsctl.err())) {
            return drill.run(request, waitForResult, Duration.ofSeconds(pollSeconds), Duration.ofMinutes(timeoutMinutes));
        }
    }

    private DrillState runAgainstSource() {
        OpsConfig config = opsctl.config();
        SourceDatabase source = SourceDatabase.from(opsctl, config, sourceUrl);
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
                waitForResult ? Duration.ofMinutes(timeoutMinutes) : Duration.ZERO);
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
        SpacePreflight.require(opsctl.diskSpace(), SpacePreflight.demo(config.stateDir(), clusters, rows));

        try (ThrowawayCluster source = DemoSource.start(binaries, clusters, config)) {
            long started = System.nanoTime();
            DemoDataset.Sizes sizes = DemoDataset.load(DemoSource.endpoint(source), rows);
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
        Path dir = opsctl.workingDir().resolve(reportDir);
        DrillReportWriter.write(report, dir, logDir());
        opsctl.out().println(LocalJson.writeRecordIndented(report));
        opsctl.err().println("[drill] " + report.summary());
        opsctl.err().println("[drill] report: " + dir.resolve(DrillReportWriter.HTML).normalize());
        return exitCode(report);
    }

    private Path logDir() {
        return (demo ? DemoSource.configFor(opsctl.config()) : opsctl.config()).logDir();
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

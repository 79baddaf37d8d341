package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.LocalWiring;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Restore drill: snapshot → copy to the second region → restore into a throwaway server → verify → tear down → report.",
                "An interrupted drill of the same database resumes from its last finished step."})
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

    @Override
    public Integer call() {
        if (demo && sourceUrl != null) {
            throw new com.silenttalk.automation.core.InvalidFieldException("--demo", "cannot be combined with --source-url");
        }
        if (!demo && rows != 100000) {
            throw new com.silenttalk.automation.core.InvalidFieldException("--rows", "only applies with --demo");
        }
        DrillState finished = demo ? runDemo() : runAgainstSource();
        return finish(finished.report());
    }

    private DrillState runAgainstSource() {
        OpsConfig config = opsctl.config();
        PgEndpoint source = opsctl.source(config, sourceUrl);
        LocalWiring wiring = new LocalWiring(config, source, opsctl.env());
        preflight(wiring.binaries(), source);
        return new LocalDrillRunner(wiring, opsctl.clock(), opsctl.err()).runOrResume(wiring.drillRequest());
    }

    private DrillState runDemo() {
        OpsConfig config = DemoSource.configFor(opsctl.config());
        PgBinaries binaries = PgBinaries.locate(opsctl.env());
        preflightBinaries(binaries);
        LocalWiring readOnly = new LocalWiring(config, null, opsctl.env());
        Path clusters = readOnly.clustersRoot();
        ThrowawayCluster.removeLeftover(binaries, clusters, DemoSource.clusterName(config));

        LocalDrillRunner resumer = new LocalDrillRunner(readOnly, opsctl.clock(), opsctl.err());
        Optional<DrillState> unfinished = resumer.unfinished(readOnly.drillRequest());
        if (unfinished.isPresent() && unfinished.get().step() != DrillStep.SNAPSHOT) {
            // The snapshot exists: the rest of the drill needs no source server.
            return resumer.runOrResume(readOnly.drillRequest());
        }
        unfinished.ifPresent(s -> abandon(readOnly, s));
        resetDemoRegions(config);

        try (ThrowawayCluster source = DemoSource.start(binaries, clusters, config)) {
            long started = System.nanoTime();
            DemoDataset.Sizes sizes = DemoDataset.load(DemoSource.endpoint(source), rows);
            opsctl.err().printf("[demo] source %s on 127.0.0.1:%d loaded: %d users, %d contacts, %d calls, %d messages, %d sessions (%d rows) in %.1fs%n",
                    DemoSource.SOURCE_DB, source.handle().port(), sizes.users(), sizes.contacts(), sizes.calls(), sizes.messages(),
                    sizes.sessions(), sizes.total(), (System.nanoTime() - started) / 1e9);
            LocalWiring wiring = new LocalWiring(config, DemoSource.endpoint(source), opsctl.env());
            return new LocalDrillRunner(wiring, opsctl.clock(), opsctl.err()).runOrResume(wiring.drillRequest());
        }
    }

    /** An unfinished demo drill that never finished its snapshot cannot resume: its source server is gone. */
    private void abandon(LocalWiring wiring, DrillState state) {
        opsctl.err().printf("[demo] discarding unfinished drill %s (stopped during %s; its source server is gone)%n",
                state.runId(), state.step().label());
        ThrowawayCluster.removeLeftover(wiring.binaries(), wiring.clustersRoot(), state.instanceName());
        wiring.ledger().update(new AuditRecord(DrillWorkflow.runKey(state.runId()), "drill", Outcome.FAILED, state.startedAt(),
                opsctl.clock().instant(), Map.of("failure", "abandoned during " + state.step().label() + ": the demo source server is gone")));
        wiring.journal().discard(state.runId());
    }

    private static void resetDemoRegions(OpsConfig config) {
        LocalFiles.deleteTree(config.stateDir().resolve("regions"));
    }

    private int finish(DrillReport report) {
        Path dir = opsctl.workingDir().resolve(reportDir);
        DrillReportWriter.write(report, dir);
        opsctl.out().println(LocalJson.write(report));
        opsctl.err().println("[drill] " + report.summary());
        opsctl.err().println("[drill] report: " + dir.resolve(DrillReportWriter.HTML).normalize());
        return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** Fail fast, before any state is written, when the drill could not possibly run. */
    static void preflight(PgBinaries binaries, PgEndpoint source) {
        preflightBinaries(binaries);
        try (Connection c = source.connect()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new EnvironmentException("source database " + source + " is unreachable: " + firstLine(e.getMessage()), e);
        }
    }

    static void preflightBinaries(PgBinaries binaries) {
        for (String tool : new String[] {"initdb", "pg_ctl", "pg_dump", "pg_restore"}) {
            binaries.tool(tool);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

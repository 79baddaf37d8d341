package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.EnvironmentFailedException;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Take this window's snapshot of the source database (a second call in the same window is a no-op);"
                + " with --all, of every configured database.")
public final class SnapshotCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--source-url", paramLabel = "URL", description = "postgresql://user@host:port/database")
    String sourceUrl;

    @Option(names = "--all", description = "every configured database: source.url and each of sources")
    boolean all;

    @Option(names = "--parallel", paramLabel = "N", description = "with --all: at most N snapshots at once (1-"
            + SnapshotFanOut.MAX_PARALLEL + ", default " + SnapshotFanOut.DEFAULT_PARALLEL + ")")
    String parallel;

    @Option(names = "--dry-run", description = "print which databases would be snapshotted; connect to none")
    boolean dryRun;

    @Override
    public Integer call() {
        if (all || parallel != null || dryRun) {
            return SnapshotFanOut.run(opsctl, all, sourceUrl, parallel, dryRun);
        }
        OpsConfig config = opsctl.config();
        snapshot(opsctl, config, SourceDatabase.from(opsctl, config, sourceUrl));
        return ExitCode.OK;
    }

    /** This window's snapshot of one database, printed (a JSON line on stdout, progress on stderr). */
    static TakeSnapshots.Result snapshot(OpsctlContext opsctl, OpsConfig config, SourceDatabase source) {
        // Even when this window's snapshot exists: a credential that broke since must fail now, not in six hours.
        SourceCheck check = SourceCheck.of(source.endpoint());
        if (Thread.currentThread().isInterrupted()) {
            throw new EnvironmentFailedException("the snapshot of " + source.endpoint() + " was given up before its dump");
        }
        BackupWiring wiring = BackupWiring.forSource(config, source, opsctl.env(), opsctl.clock());
        SnapshotId id = SnapshotWindow.containing(opsctl.clock().instant(), config.backup().policy().interval())
                .snapshotIdFor(source.label());
        if (wiring.primary().find(id).isPresent()) {
            // before the ledger is touched: another database's snapshot is refused, naming both
            SourceIdentity.requireSnapshotOf(wiring.primary().manifest(id).orElseThrow(() -> new InvalidFieldException(
                    source.field(), "snapshot " + id + " has no manifest, so it cannot be shown to be of " + source.endpoint())),
                    check.identity(), source.field());
        } else {
            SpacePreflight.require(opsctl.diskSpace(), List.of(SpacePreflight.dump(wiring.primary().root(), check.tableBytes())));
        }
        List<TakeSnapshots.Result> results = wiring.takeSnapshots().execute(List.of(source.label()), config.backup().policy());
        for (TakeSnapshots.Result r : results) {
            opsctl.out().println(LocalJson.MAPPER.createObjectNode().put("database", r.database().value())
                    .put("snapshot", r.snapshotId().value()).put("status", r.status().name()).put("region", wiring.primary().region()));
            opsctl.err().printf("[snapshot] %s %s in %s%n", r.snapshotId(), r.status().name().toLowerCase().replace('_', ' '),
                    wiring.primary().root());
        }
        return results.get(0);
    }
}

package com.silenttalk.automation.local.backup;

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
        description = "Take this window's snapshot of the source database (a second call in the same window is a no-op).")
public final class SnapshotCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--source-url", paramLabel = "URL", description = "postgresql://user@host:port/database")
    String sourceUrl;

    @Override
    public Integer call() {
        OpsConfig config = opsctl.config();
        SourceDatabase source = SourceDatabase.from(opsctl, config, sourceUrl);
        // Even when this window's snapshot exists: a credential that broke since must fail now, not in six hours.
        SourceCheck check = SourceCheck.of(source.endpoint());
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
        return ExitCode.OK;
    }
}

package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.OperationLease;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "Copy a primary-region snapshot (default: the newest) to every copy region, checking its SHA-256 at the destination.")
public final class CopyCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--snapshot", paramLabel = "ID", description = "The snapshot to copy (default: the newest in the primary region).")
    String snapshotId;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Option(names = "--source-url", paramLabel = "URL",
            description = "The database whose snapshot to copy (default: the newest of this database); refused (exit 2) when the snapshot's manifest names another database or server.")
    String sourceUrl;

    @Override
    public Integer call() {
        OpsConfig config = opsctl.config();
        SourceDatabase asked = sourceUrl == null ? null : SourceDatabase.from(opsctl, config, sourceUrl);
        BackupWiring wiring = BackupWiring.forSource(config, asked, opsctl.env(), opsctl.clock());
        DirectoryRegion primary = wiring.primary();
        Snapshot source = snapshotId == null
                ? primary.list().stream().filter(s -> !s.isCopy())
                        .filter(s -> asked == null || s.database().equals(asked.label()))
                        .max(Comparator.comparing(Snapshot::createdAt))
                        .orElseThrow(() -> new InvalidFieldException("--snapshot", "the primary region " + primary.root()
                                + " holds no snapshot" + (asked == null ? "" : " of " + asked.label()) + " yet"))
                : primary.find(parse(snapshotId))
                        .orElseThrow(() -> new InvalidFieldException("--snapshot", "no snapshot " + snapshotId + " in the primary region"));
        if (asked != null) {
            primary.requireSnapshotOfSource(source.id());
        }
        long archive = primary.manifest(source.id()).map(SnapshotManifest::sizeBytes).orElse(0L);
        SpacePreflight.require(opsctl.diskSpace(), wiring.regions().stream()
                .filter(r -> !r.region().equals(primary.region()) && r.find(source.id()).isEmpty())
                .flatMap(r -> SpacePreflight.onThisMachine(r).stream())
                .map(dir -> SpacePreflight.copy(dir, archive)).toList());
        List<ReplicateSnapshot.Result> results;
        try (OperationLease lease = OperationLease.forCommand(opsctl, config.stateDir(), "copy", source.database().value(),
                waitOption.maxWait())) {
            results = wiring.replicate().execute(source, config.backup().policy());
        }
        for (var r : results) {
            opsctl.out().println(LocalJson.MAPPER.createObjectNode().put("snapshot", r.source().id().value())
                    .put("from", r.source().region()).put("to", r.target()).put("status", "COPIED"));
            opsctl.err().printf("[copy] %s → %s verified at the destination%n", r.source(), r.target());
        }
        return ExitCode.OK;
    }

    private static SnapshotId parse(String id) {
        try {
            return new SnapshotId(id);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("--snapshot", e.problem());
        }
    }
}

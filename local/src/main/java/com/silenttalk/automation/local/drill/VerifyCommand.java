package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.backup.LocalRegion;
import com.silenttalk.automation.local.backup.SourceDatabase;
import com.silenttalk.automation.local.backup.SpacePreflight;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.OperationLease;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Restore one existing snapshot into a throwaway server, verify it against its manifest, and tear it down.")
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--snapshot", required = true, paramLabel = "ID", description = "The snapshot id (st-auto-...).")
    String snapshotId;

    @Option(names = "--region", paramLabel = "NAME", description = "The region to restore from (default: the drill region).")
    String region;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = ".", description = "Where the report files go.")
    Path reportDir;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Option(names = "--source-url", paramLabel = "URL",
            description = "The database the snapshot must be of: refused (exit 2) when its manifest names another database or server.")
    String sourceUrl;

    @Override
    public Integer call() {
        OpsConfig config = opsctl.config();
        SnapshotId id;
        try {
            id = new SnapshotId(snapshotId);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("--snapshot", e.problem());
        }
        DrillWiring wiring = DrillWiring.regionsOnly(config, opsctl.env(), opsctl.clock());
        LocalDrill.preflightBinaries(wiring.binaries());
        LocalRegion from = wiring.region(region != null ? region : config.drill().region());
        Snapshot snapshot = from.find(id).orElseThrow(() -> new InvalidFieldException("--snapshot",
                "no snapshot " + id + " in region " + from.region() + " (" + from.where() + ")"));
        SnapshotManifest manifest = from.manifest(id).orElseThrow(() -> new InvalidFieldException("--snapshot",
                "snapshot " + id + " in region " + from.region() + " has no manifest"));
        if (!manifest.snapshotId().equals(id) || !manifest.database().equals(snapshot.database())) {
            throw new InvalidFieldException("--snapshot", "the manifest of " + id + " in region " + from.region() + " describes "
                    + manifest.snapshotId() + " of " + manifest.database() + ", not " + id + " of " + snapshot.database());
        }
        DrillRequest base = wiring.drillRequest(snapshot.database());
        DrillRequest request = new DrillRequest(snapshot.database(), base.snapshotInterval(), from.region(), base.targets(),
                base.probes(), base.requireTls(), null, base.requireSourceTls());
        if (sourceUrl != null) {
            SourceDatabase source = SourceDatabase.from(opsctl, config, sourceUrl);
            SourceIdentity identity = LocalDrill.preflight(wiring.binaries(), source.endpoint()).identity();
            SourceIdentity.requireSnapshotOf(manifest, identity, source.field());
            request = request.about(identity, base.requireSourceTls());
        }
        SpacePreflight.require(opsctl.diskSpace(), List.of(SpacePreflight.restore(wiring.clustersRoot(), 0, manifest.sizeBytes(), from)));
        DrillReport report;
        // The drill's lease: a verify runs the drill workflow on the same journal, which a drill of the database resumes.
        try (OperationLease lease = OperationLease.forCommand(opsctl, config.stateDir(), "drill", snapshot.database().value(),
                waitOption.maxWait())) {
            report = wiring.runner(opsctl.err(), opsctl.crashPoints(), opsctl.diskSpace()).verifyExisting(request, snapshot, manifest).report();
        }
        DrillReportWriter.write(report, opsctl.workingDir().resolve(reportDir), config.logDir());
        opsctl.out().println(LocalJson.writeRecordIndented(report));
        opsctl.err().println("[verify] " + report.summary());
        return LocalDrill.exitCode(report);
    }
}

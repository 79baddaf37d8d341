package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.OperationLease;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete snapshots past retention in every region, as the retention plan allows. --dry-run shows the plan.")
public final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--dry-run", description = "Print the plan (keep/delete with reasons) and delete nothing.")
    boolean dryRun;

    @Mixin
    OperationLease.WaitOption waitOption = new OperationLease.WaitOption();

    @Override
    public Integer call() {
        OpsConfig config = opsctl.config();
        BackupWiring wiring = BackupWiring.regionsOnly(config, opsctl.env(), opsctl.clock());
        PruneSnapshots.Result result;
        // Retention plans over every database at once; a dry run only reads.
        try (OperationLease lease = dryRun ? null
                : OperationLease.forCommand(opsctl, config.stateDir(), "prune", "all databases", waitOption.maxWait())) {
            result = wiring.prune().execute(config.backup().policy(), dryRun);
        }
        for (Snapshot s : result.plan().keep()) {
            print("keep", s, result.plan().reasonFor(s));
        }
        for (Snapshot s : result.plan().delete()) {
            String failure = result.failures().get(s.ref());
            print(dryRun ? "would-delete" : failure == null ? "deleted" : "delete-failed", s,
                    failure == null ? result.plan().reasonFor(s) : failure);
        }
        opsctl.err().printf("[prune] %s: keep %d, %s %d%s%n", dryRun ? "dry run" : "done", result.plan().keep().size(),
                dryRun ? "would delete" : "deleted", dryRun ? result.plan().delete().size() : result.deleted().size(),
                result.failures().isEmpty() ? "" : ", " + result.failures().size() + " failed");
        return result.failures().isEmpty() ? ExitCode.OK : ExitCode.ENVIRONMENT;
    }

    private void print(String action, Snapshot s, String reason) {
        opsctl.out().println(LocalJson.MAPPER.createObjectNode().put("action", action).put("region", s.region())
                .put("snapshot", s.id().value()).put("createdAt", s.createdAt().toString())
                .put("verification", s.verification().name()).put("reason", reason).toString());
    }
}

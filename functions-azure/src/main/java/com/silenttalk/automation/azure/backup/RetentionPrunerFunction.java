package com.silenttalk.automation.azure.backup;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import java.util.function.Supplier;

/**
 * Daily at 03:30 UTC: prunes both regions together by the core's retention plan. With
 * {@code ST_PRUNE_DRY_RUN=true} (the default) it logs the plan and deletes nothing.
 */
public final class RetentionPrunerFunction {
    public static final String SCHEDULE = "0 30 3 * * *";

    private final Supplier<BackupWiring> wiring;

    public RetentionPrunerFunction() {
        this(BackupWiring::production);
    }

    /** Given adapters: tests, and opsctl invoke outside the Functions host. */
    public RetentionPrunerFunction(Supplier<BackupWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName("RetentionPruner")
    public void run(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timerInfo,
                                     ExecutionContext context) {
        TimerInfo.parse(timerInfo);
        BackupWiring w = wiring.get();
        PruneSnapshots.Result result = w.prune().execute(w.settings().policy(), w.settings().pruneDryRun());
        context.getLogger().info("retention-pruner dryRun=" + result.dryRun() + " keep=" + result.plan().keep().size()
                + " planned=" + result.plan().delete().size() + " deleted=" + result.deleted().size()
                + " failures=" + result.failures().keySet());
    }
}

package com.silenttalk.automation.azure.backup;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every six hours: an on-demand backup of each configured Flexible Server, named for the
 * window, so duplicate or late firings in one window make no second backup.
 */
public final class BackupSchedulerFunction {
    public static final String SCHEDULE = "0 0 */6 * * *";

    private final Supplier<BackupWiring> wiring;

    public BackupSchedulerFunction() {
        this(BackupWiring::production);
    }

    /** Given adapters: tests, and opsctl invoke outside the Functions host. */
    public BackupSchedulerFunction(Supplier<BackupWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName("BackupScheduler")
    public void run(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timerInfo,
                                          ExecutionContext context) {
        TimerInfo timer = TimerInfo.parse(timerInfo);
        BackupWiring w = wiring.get();
        List<TakeSnapshots.Result> results;
        String skipped = "";
        try {
            BackupWiring.Taken taken = w.takeEverySubscription(w.settings().databases(), w.settings().policy());
            taken.denials().forEach(line -> context.getLogger().severe("backup-scheduler " + line));
            results = taken.results();
            if (!taken.skipped().isEmpty()) {
                // the skipped servers' 0 keeps their backup-failure alert honest
                skipped = " skipped=" + taken.skipped().stream().map(Object::toString).collect(Collectors.joining(","))
                        + " " + w.metrics().backupsFailed(taken.skipped());
            }
        } catch (RuntimeException failed) {
            // the backup-failure alert needs the 0 even though the invocation fails
            context.getLogger().severe("backup-scheduler failed: " + failed.getMessage() + " "
                    + w.metrics().backupsFailed(w.settings().databases()));
            throw failed;
        }
        context.getLogger().info("backup-scheduler pastDue=" + timer.pastDue() + " results="
                + results.stream().map(r -> r.database() + ":" + r.snapshotId() + ":" + r.status())
                .collect(Collectors.joining(",")) + " " + w.metrics().backupsTaken(results) + skipped);
    }
}

package com.silenttalk.automation.azure.backup;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import com.silenttalk.automation.azure.runtime.TimerInfo;
import java.util.function.Supplier;

/**
 * Every six hours, one {@code BackupWindow} orchestration per window (a second firing in the window starts nothing),
 * which fans out one {@code BackupDatabase} activity per configured Flexible Server and fans in to
 * {@code BackupWindowReport}.
 */
public final class BackupWindowFunctions {
    public static final String SCHEDULER = "BackupScheduler";
    public static final String SCHEDULE = "0 0 */6 * * *";

    private final Supplier<BackupWiring> wiring;

    public BackupWindowFunctions() {
        this(BackupWiring::production);
    }

    /** Given adapters: tests, and opsctl invoke outside the Functions host. */
    public BackupWindowFunctions(Supplier<BackupWiring> wiring) {
        this.wiring = wiring;
    }

    @FunctionName(SCHEDULER)
    public void schedule(@TimerTrigger(name = "timer", schedule = SCHEDULE) String timerInfo,
                         @DurableClientInput(name = "durableContext") DurableClientContext durable,
                         ExecutionContext context) {
        TimerInfo timer = TimerInfo.parse(timerInfo);
        BackupWindows windows = wiring.get().windows();
        BackupWindow window = windows.current();
        boolean started = windows.start(window, durable.getClient());
        context.getLogger().info("backup-scheduler pastDue=" + timer.pastDue() + " instance=" + window.instanceId()
                + (started ? " started" : " already started") + " databases=" + window.databases().size());
    }

    @FunctionName(BackupWindows.ORCHESTRATION)
    public String orchestrate(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        return BackupWindows.orchestrate(ctx);
    }

    @FunctionName(BackupWindows.DATABASE_ACTIVITY)
    public String backupDatabase(@DurableActivityTrigger(name = "database") String database, ExecutionContext context) {
        String result = wiring.get().windows().backupOne(database);
        context.getLogger().info("backup-database " + result);
        return result;
    }

    @FunctionName(BackupWindows.REPORT_ACTIVITY)
    public String report(@DurableActivityTrigger(name = "results") String results, ExecutionContext context) {
        String line = wiring.get().windows().report(results);
        context.getLogger().info(line);
        return line;
    }
}

package com.silenttalk.automation.bench;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.backup.BackupSchedulerFunction;
import java.util.logging.Logger;

/** The six-hourly timer into the Azure backup scheduler function (the worker's ExecutionContext stood in for). */
final class AzureBackupSchedulerRow implements ColdStartRow {
    static final String TIMER = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":"
            + "\"2026-03-01T00:00:00+00:00\",\"Next\":\"2026-03-01T12:00:00+00:00\",\"LastUpdated\":"
            + "\"2026-03-01T06:00:00+00:00\"},\"IsPastDue\":false}";
    private BackupSchedulerFunction function;

    @Override
    public void init() {
        function = new BackupSchedulerFunction();
    }

    @Override
    public void invoke(int n) {
        Logger logger = Logger.getLogger("bench");
        String invocation = "bench-" + ProcessHandle.current().pid() + "-" + n;
        function.run(TIMER, new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return logger;
            }

            @Override
            public String getInvocationId() {
                return invocation;
            }

            @Override
            public String getFunctionName() {
                return "BackupScheduler";
            }
        });
    }
}

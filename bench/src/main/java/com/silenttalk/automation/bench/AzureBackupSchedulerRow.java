package com.silenttalk.automation.bench;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.backup.BackupWindow;
import com.silenttalk.automation.azure.backup.BackupWindowFunctions;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The Azure backup of one database: since the six-hourly timer only starts the window's orchestration, the work the
 * scheduler used to do in its one invocation is the {@code BackupDatabase} activity's, for the window the clock is in
 * (the worker's ExecutionContext stood in for).
 */
final class AzureBackupSchedulerRow implements ColdStartRow {
    private BackupWindowFunctions function;

    @Override
    public void init() {
        function = new BackupWindowFunctions();
    }

    @Override
    public void invoke(int n) {
        Logger logger = Logger.getLogger("bench");
        String invocation = "bench-" + ProcessHandle.current().pid() + "-" + n;
        String orders = Json.write(new BackupWindow.Database(SnapshotWindow.containing(Instant.now(), Duration.ofHours(6)),
                new DatabaseId("orders")));
        function.backupDatabase(orders, new ExecutionContext() {
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
                return "BackupDatabase";
            }
        });
    }
}

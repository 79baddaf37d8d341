package com.silenttalk.automation.bench;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.backup.BackupSchedulerFunction;
import java.util.logging.Logger;

/**
 * Runs in a fresh JVM on the packaged function app's jars: builds the backup scheduler
 * through its public no-arg constructor (the production wiring: settings from the
 * environment, the managed identity, the SDK clients) and completes one timer invocation
 * against the stub. Prints {@code FIRST_DONE} when it returns.
 */
public final class AzureColdStartChild {
    static final String TIMER = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":"
            + "\"2026-03-01T00:00:00+00:00\",\"Next\":\"2026-03-01T12:00:00+00:00\",\"LastUpdated\":"
            + "\"2026-03-01T06:00:00+00:00\"},\"IsPastDue\":false}";

    private AzureColdStartChild() {
    }

    public static void main(String[] args) {
        Logger logger = Logger.getLogger("bench");
        ExecutionContext context = new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return logger;
            }

            @Override
            public String getInvocationId() {
                return "bench-" + ProcessHandle.current().pid();
            }

            @Override
            public String getFunctionName() {
                return "BackupScheduler";
            }
        };
        new BackupSchedulerFunction().run(TIMER, context);
        System.out.println("FIRST_DONE");
        System.out.flush();
        System.exit(0); // the SDK's HTTP client threads are not daemons
    }
}

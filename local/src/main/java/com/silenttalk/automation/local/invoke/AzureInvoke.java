package com.silenttalk.automation.local.invoke;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.invoke.AzureFunctionCatalog;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Invocable;
import com.silenttalk.automation.azure.runtime.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code opsctl invoke --cloud azure}: the Azure functions in-process, configured by the same
 * application settings the function app has (AZURE_SUBSCRIPTION_ID, ST_RESOURCE_GROUP,
 * ST_DATABASES, ST_BACKUP_ACCOUNT, ...). A dry-run validates the event as the function does
 * and prints the ARM and data-plane calls as JSON lines, making none.
 */
final class AzureInvoke {
    private AzureInvoke() {
    }

    static int call(OpsctlContext opsctl, String function, Path event, boolean dryRun, boolean list) {
        if (list) {
            for (AzureFunctionCatalog.Entry entry : AzureFunctionCatalog.FUNCTIONS) {
                opsctl.out().println(entry.name() + "\t" + entry.trigger() + "\t" + entry.entryPoint());
            }
            return ExitCode.OK;
        }
        if (function == null) {
            throw new InvalidFieldException("--function", "is required (opsctl invoke --cloud azure --list names the functions)");
        }
        if (event == null) {
            throw new InvalidFieldException("--event", "is required: a JSON event file");
        }
        AzureFunctionCatalog.Entry entry = AzureFunctionCatalog.require(function);
        String payload = read(opsctl.workingDir().resolve(event));
        AzureSettings settings = AzureSettings.fromEnv(opsctl.env());
        Invocable invocable = entry.factory().apply(new AzureFunctionCatalog.Invocation(settings,
                AzureClients.forFunctions(opsctl.env()), opsctl.clock(), opsctl.env()));
        if (dryRun) {
            List<PlannedCall> calls = invocable.plan(payload);
            calls.forEach(call -> opsctl.out().println(call.toJsonLine()));
            opsctl.err().println("[invoke] " + entry.name() + " dry-run: " + calls.size()
                    + " planned Azure call(s), none made");
            return ExitCode.OK;
        }
        invocable.run(payload, new StderrContext(entry.name(), opsctl));
        return ExitCode.OK;
    }

    private static String read(Path file) {
        return new String(LocalFiles.readEvent(file), StandardCharsets.UTF_8);
    }

    /** The function's one log line goes to stderr, as the Functions host would log it. */
    private static final class StderrContext implements ExecutionContext {
        private final String name;
        private final Logger logger = Logger.getAnonymousLogger();

        StderrContext(String name, OpsctlContext opsctl) {
            this.name = name;
            logger.setUseParentHandlers(false);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    opsctl.err().println("[" + name + "] " + (record.getLevel().intValue() >= Level.WARNING.intValue()
                            ? record.getLevel() + " " : "") + record.getMessage());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }

        @Override
        public Logger getLogger() {
            return logger;
        }

        @Override
        public String getInvocationId() {
            return UUID.randomUUID().toString();
        }

        @Override
        public String getFunctionName() {
            return name;
        }
    }
}

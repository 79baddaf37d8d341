package com.silenttalk.automation.local.invoke;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.invoke.AzureFunctionCatalog;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.DryRunPlanner;
import com.silenttalk.automation.azure.runtime.Invocable;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        if (dryRun) {
            return dryRun(opsctl, entry, payload, settings);
        }
        Invocable invocable = wiring(opsctl).azureFunction(entry, settings);
        invocable.run(payload, new StderrContext(entry.name(), opsctl));
        return ExitCode.OK;
    }

    /** As for AWS: every pipeline and JDBC go to a planner; what planning asks of them is printed first. */
    private static int dryRun(OpsctlContext opsctl, AzureFunctionCatalog.Entry entry, String payload, AzureSettings settings) {
        InvokeWiring wiring = wiring(opsctl);
        DryRunPlanner planner = wiring.azurePlanner();
        List<PlannedCall> planned;
        try (DryRunJdbc jdbc = DryRunJdbc.install(c -> planner.record(new PlannedCall("postgresql", "connect",
                c.host() + ":" + c.port() + "/" + c.database(), Map.of())))) {
            planned = wiring.azurePlanned(entry, settings, planner).plan(payload);
        }
        return DryRunOutput.print(opsctl, entry.name(), "Azure", DryRunPlanner::line, planner.recorded(), planned,
                Optional.empty());
    }

    private static InvokeWiring wiring(OpsctlContext opsctl) {
        return InvokeWiring.of(opsctl.env(), opsctl.clock(), opsctl.err()::println);
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

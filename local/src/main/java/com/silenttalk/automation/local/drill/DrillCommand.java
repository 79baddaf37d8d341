package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.local.OpsctlContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Restore drill: snapshot → copy to the second region → restore into a throwaway server → verify → tear down → report.",
                "An interrupted drill of the same database resumes from its last finished step.",
                "With --cloud azure: starts the drill in the Azure function app (function key from AZURE_FUNCTION_KEY) and prints its instance id."})
public final class DrillCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--demo", description = "Start a throwaway source PostgreSQL with a SilentTalk-like dataset and drill it.")
    boolean demo;

    @Option(names = "--rows", defaultValue = "100000", description = "Demo dataset size in rows (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--source-url", paramLabel = "URL",
            description = "postgresql://user@host:port/database (password from the variable named by source.passwordEnv).")
    String sourceUrl;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where drill-report.json and drill-report.html go (default: the working directory).")
    Path reportDir;

    @Option(names = "--cloud", paramLabel = "CLOUD",
            description = "aws: start the deployed DrillStateMachine; azure: run the drill in the deployed Azure function app.")
    String cloud;

    @Option(names = "--state-machine", paramLabel = "ARN",
            description = "With --cloud aws: the DrillStateMachine ARN (default: $" + StepFunctionsDrill.STATE_MACHINE_ENV + ").")
    String stateMachine;

    @Option(names = "--function-url", paramLabel = "URL",
            description = "With --cloud azure: the drill's HTTP start, https://<app>.azurewebsites.net/api/drills.")
    String functionUrl;

    @Option(names = "--database", paramLabel = "NAME",
            description = "With --cloud azure: the Flexible Server to drill; with --cloud aws: the database (default: the first in $ST_DATABASES).")
    String database;

    @Option(names = "--run-id", paramLabel = "ID", description = "With --cloud azure: the instance id (a repeat start of one id starts nothing new).")
    String runId;

    @Option(names = "--wait", description = {"With --cloud aws or azure: follow the run until it ends, print its result and exit by it.",
            "Locally: when a drill of the same database is running, wait for it to end (up to --timeout-minutes) instead of exiting 2."})
    boolean waitForResult;

    @Option(names = "--poll-seconds", defaultValue = "15", description = "With --wait: seconds between status checks (default: ${DEFAULT-VALUE}).")
    long pollSeconds;

    @Option(names = "--timeout-minutes", defaultValue = "240", description = "With --wait: give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() {
        DrillOptions options = new DrillOptions(demo, rows, sourceUrl, reportDir, cloud, stateMachine, functionUrl, database, runId,
                waitForResult, pollSeconds, timeoutMinutes);
        if ("aws".equals(cloud)) {
            return CloudDrills.onAws(opsctl, options);
        }
        if (cloud != null) {
            return CloudDrills.inAzure(opsctl, options);
        }
        return LocalDrill.run(opsctl, options);
    }
}

package com.silenttalk.automation.local.invoke;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.DryRunPlanner;
import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Runs one cloud function in-process on an event file, as the cloud would. With
 * {@code --dry-run} it validates the event exactly as the function does and prints the AWS
 * calls it would make as JSON lines, calling nothing. The function's configuration comes
 * from the same environment variables template.yaml sets (AWS_REGION, ST_ACCOUNT_ID,
 * ST_DR_REGION, ST_DATABASES, ST_DR_KMS_KEY_ID, ST_LEDGER_TABLE, ST_REPORT_BUCKET, ...).
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Run a cloud function in-process on an event file (--dry-run: print the planned calls, call nothing).")
public final class InvokeCommand implements Callable<Integer> {
    @ParentCommand
    OpsctlContext opsctl;

    @Option(names = "--cloud", defaultValue = "aws", description = "Which cloud's functions: aws (default) or azure.")
    String cloud;

    @Option(names = "--function", paramLabel = "NAME", description = "The function to run; --list names them.")
    String function;

    @Option(names = "--event", paramLabel = "FILE", description = "The event JSON, as the service sends it.")
    Path event;

    @Option(names = "--dry-run", description = "Validate the event and print the planned AWS calls as JSON lines; call nothing.")
    boolean dryRun;

    @Option(names = "--list", description = "Name every function, its trigger and its handler.")
    boolean list;

    @Override
    public Integer call() {
        if ("azure".equals(cloud)) {
            return AzureInvoke.call(opsctl, function, event, dryRun, list);
        }
        if (!"aws".equals(cloud)) {
            throw new InvalidFieldException("--cloud", UntrustedText.quoted(cloud) + " has no functions here; use aws or azure");
        }
        if (list) {
            for (FunctionCatalog.Entry entry : FunctionCatalog.FUNCTIONS) {
                opsctl.out().println(entry.name() + "\t" + entry.trigger() + "\t" + entry.handlerReference());
            }
            return ExitCode.OK;
        }
        if (function == null) {
            throw new InvalidFieldException("--function", "is required (opsctl invoke --list names the functions)");
        }
        if (event == null) {
            throw new InvalidFieldException("--event", "is required: a JSON event file");
        }
        FunctionCatalog.Entry entry = FunctionCatalog.require(function);
        Map<String, Object> payload = readEvent(opsctl.workingDir().resolve(event));
        AwsSettings settings = AwsSettings.fromEnvironment(opsctl.env());
        InvokeWiring wiring = InvokeWiring.of(opsctl.env(), opsctl.clock(), opsctl.err()::println);
        if (dryRun) {
            return dryRun(entry, payload, settings, wiring.awsPlanning(settings));
        }
        try (AwsClients clients = AwsClients.forLambda(opsctl.env())) {
            // the function's log lines go to stderr: stdout is for its result
            AwsFunction handler = wiring.awsFunction(entry, settings, clients);
            Map<String, Object> result = handler.handleRequest(payload, null);
            opsctl.out().println(Json.write(result));
            return ExitCode.OK;
        }
    }

    /**
     * Every client the function could reach (SDK, webhooks, JDBC) goes to a planner: what its plan asks of them (the
     * reads it decides on) is recorded and answered empty, and printed before the calls the plan lists. Only
     * planned calls reach stdout.
     */
    private int dryRun(FunctionCatalog.Entry entry, Map<String, Object> payload, AwsSettings settings,
                       InvokeWiring.AwsPlanning planning) {
        DryRunPlanner planner = planning.planner();
        AwsWiring wiring = planning.wiring();
        List<PlannedCall> planned;
        Optional<String> emptyBecause;
        try (AwsClients clients = wiring.clients();
             DryRunJdbc jdbc = DryRunJdbc.install(c -> planner.record(new PlannedCall("postgresql", "connect", settings.region(),
                     Map.of("host", c.host(), "port", c.port(), "database", c.database()))))) {
            AwsFunction handler = entry.factory().apply(wiring);
            planned = handler.plan(payload);
            emptyBecause = planned.isEmpty() ? handler.emptyPlanReason(payload) : Optional.empty();
        }
        return printDryRun(opsctl, entry.name(), "AWS", DryRunPlanner::line, planner.recorded(), planned, emptyBecause);
    }

    /**
     * A dry-run's output: the planned calls as JSON lines on stdout, what was asked while planning first; one line on
     * stderr, saying why the plan is empty when the function can tell.
     */
    static int printDryRun(OpsctlContext opsctl, String function, String cloud, Function<PlannedCall, String> line,
                           List<PlannedCall> asked, List<PlannedCall> planned, Optional<String> emptyBecause) {
        asked.stream().map(line).forEach(opsctl.out()::println);
        planned.stream().map(line).forEach(opsctl.out()::println);
        opsctl.err().println("[invoke] " + function + " dry-run: " + (asked.size() + planned.size()) + " planned " + cloud
                + " call(s), none made" + emptyBecause.map(reason -> ": " + reason).orElse("") + (asked.isEmpty() ? ""
                : " (" + asked.size() + " asked while planning, answered empty by the planner: the plan assumes nothing is stored)"));
        return ExitCode.OK;
    }

    private static Map<String, Object> readEvent(Path file) {
        return Json.readObject(new String(LocalFiles.readEvent(file), StandardCharsets.UTF_8), "--event");
    }
}

package com.silenttalk.automation.local.invoke;

import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.DryRunPlanner;
import com.silenttalk.automation.aws.runtime.Json;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.OpsctlContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code opsctl invoke} (--cloud aws, the default): the Lambda functions in-process, configured by the environment
 * variables template.yaml sets. A dry-run validates the event as the function does and prints the AWS calls it would
 * make as JSON lines, calling nothing.
 */
final class AwsInvoke {
    private AwsInvoke() {
    }

    static int call(OpsctlContext opsctl, String function, Path event, boolean dryRun, boolean list) {
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
            return dryRun(opsctl, entry, payload, settings, wiring.awsPlanning(settings));
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
    private static int dryRun(OpsctlContext opsctl, FunctionCatalog.Entry entry, Map<String, Object> payload, AwsSettings settings,
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
        return DryRunOutput.print(opsctl, entry.name(), "AWS", DryRunPlanner::line, planner.recorded(), planned, emptyBecause);
    }

    private static Map<String, Object> readEvent(Path file) {
        return Json.readObject(new String(LocalFiles.readEvent(file), StandardCharsets.UTF_8), "--event");
    }
}

package com.silenttalk.automation.local.invoke;

import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.DryRunPlanner;
import com.silenttalk.automation.azure.invoke.AzureFunctionCatalog;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Invocable;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * opsctl invoke's wiring: a cloud function composed as its runner composes it (the AWS wiring, the Azure invocation)
 * from the settings and environment the function would have, on real clients or, for a dry run, on clients that
 * only record into a planner.
 */
public final class InvokeWiring {
    private final Map<String, String> env;
    private final Clock clock;
    private final Consumer<String> log;

    /** An AWS dry run: the planner every client records into, and the functions' wiring on those clients. */
    public record AwsPlanning(DryRunPlanner planner, AwsWiring wiring) {
    }

    /** @param log where the functions' own log lines go (stderr: stdout is for their result) */
    public static InvokeWiring of(Map<String, String> env, Clock clock, Consumer<String> log) {
        return new InvokeWiring(env, clock, log);
    }

    private InvokeWiring(Map<String, String> env, Clock clock, Consumer<String> log) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The AWS function on the given (Lambda-configured) clients. */
    public AwsFunction awsFunction(FunctionCatalog.Entry entry, AwsSettings settings, AwsClients clients) {
        return entry.factory().apply(new AwsWiring(settings, clients, clock, env).logTo(log));
    }

    public AwsPlanning awsPlanning(AwsSettings settings) {
        DryRunPlanner planner = new DryRunPlanner();
        return new AwsPlanning(planner, AwsWiring.dryRun(settings, planner, clock, env, log));
    }

    /** The Azure function on the clients the function app would have. */
    public Invocable azureFunction(AzureFunctionCatalog.Entry entry, AzureSettings settings) {
        return entry.factory().apply(new AzureFunctionCatalog.Invocation(settings, AzureClients.forFunctions(env), clock, env));
    }

    /** A planner for an Azure dry run, which {@link #azurePlanned} records into. */
    public com.silenttalk.automation.azure.runtime.DryRunPlanner azurePlanner() {
        return new com.silenttalk.automation.azure.runtime.DryRunPlanner();
    }

    /** The Azure function on clients that record every call into {@code planner} and make none. */
    public Invocable azurePlanned(AzureFunctionCatalog.Entry entry, AzureSettings settings,
                                  com.silenttalk.automation.azure.runtime.DryRunPlanner planner) {
        return entry.factory().apply(new AzureFunctionCatalog.Invocation(settings, AzureClients.planning(planner), clock, env));
    }
}

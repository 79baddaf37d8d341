package com.silenttalk.automation.aws.runtime;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The production wiring of one container: settings from the environment, clients built
 * once, adapters over them. Building makes no AWS call (SnapStart snapshots it as is).
 */
public final class AwsWiring {
    private static volatile AwsWiring container;

    private final AwsSettings settings;
    private final AwsClients clients;
    private final Clock clock;
    private final Map<String, String> environment;
    private final Consumer<String> logLines;
    private final Optional<DryRunPlanner> dryRun;

    public AwsWiring(AwsSettings settings, AwsClients clients, Clock clock) {
        this(settings, clients, clock, Map.of());
    }

    /** @param environment the variables template.yaml sets, for functions with settings of their own (aws.failover) */
    public AwsWiring(AwsSettings settings, AwsClients clients, Clock clock, Map<String, String> environment) {
        this(settings, clients, clock, environment, line -> System.out.println(line), Optional.empty());
    }

    private AwsWiring(AwsSettings settings, AwsClients clients, Clock clock, Map<String, String> environment,
                      Consumer<String> logLines, Optional<DryRunPlanner> dryRun) {
        this.settings = settings;
        this.clients = clients;
        this.clock = clock;
        this.environment = Map.copyOf(environment);
        this.logLines = logLines;
        this.dryRun = dryRun;
    }

    /**
     * A dry-run's wiring: every SDK client goes to {@code planner} ({@link AwsClients#planning}), and so do the
     * function's other clients (webhooks); the function's log lines go to {@code logLines}.
     */
    public static AwsWiring dryRun(AwsSettings settings, DryRunPlanner planner, Clock clock, Map<String, String> environment,
                                   Consumer<String> logLines) {
        return new AwsWiring(settings, AwsClients.planning(planner), clock, environment, logLines, Optional.of(planner));
    }

    /** The same wiring, its functions' log lines going to {@code sink} (opsctl: stderr, stdout being for results). */
    public AwsWiring logTo(Consumer<String> sink) {
        return new AwsWiring(settings, clients, clock, environment, sink, dryRun);
    }

    /** The container's wiring, built on first use from the Lambda environment. */
    public static AwsWiring container() {
        AwsWiring w = container;
        if (w == null) {
            synchronized (AwsWiring.class) {
                w = container;
                if (w == null) {
                    Map<String, String> env = System.getenv();
                    w = new AwsWiring(AwsSettings.fromEnvironment(env), AwsClients.forLambda(env), Clock.systemUTC(), env);
                    container = w;
                }
            }
        }
        return w;
    }

    public AwsSettings settings() {
        return settings;
    }

    public AwsClients clients() {
        return clients;
    }

    public Clock clock() {
        return clock;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** A function's structured log: stdout in Lambda (the function's log stream). */
    public LineLog log(String function) {
        return new LineLog(function, logLines);
    }

    /** Present in a dry-run: the planner every client of the function must go to. */
    public Optional<DryRunPlanner> dryRun() {
        return dryRun;
    }
}

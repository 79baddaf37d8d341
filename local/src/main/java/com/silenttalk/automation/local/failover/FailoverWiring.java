package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.ledger.FileRunLedger;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The failover capability's wiring on a local pair: the state directory ({@code <stateDir>/failover}: ledger,
 * endpoint files, runs), the PostgreSQL binaries and clusters, the gate's signal tracker, {@link FailOver} and the
 * step workflow (fence, promote and re-protect on the pair; traffic through the endpoint files; no cache).
 * Options that name another ledger, clusters or endpoints directory override the configured ones.
 */
public final class FailoverWiring {
    /** How long one step of the chain may wait on the pair before the workflow halts it. */
    private static final Duration STEP_LIMIT = Duration.ofMinutes(2);

    private final Supplier<OpsConfig> config;
    private final Map<String, String> env;
    private final Clock clock;

    /** @param config read only where no option overrides it (a {@code --ledger} plan look-up needs no configuration) */
    public static FailoverWiring of(Supplier<OpsConfig> config, Map<String, String> env, Clock clock) {
        return new FailoverWiring(config, env, clock);
    }

    private FailoverWiring(Supplier<OpsConfig> config, Map<String, String> env, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where {@code failover --demo} keeps its ledger, endpoint files and runs. */
    public Path state() {
        return config.get().stateDir().resolve("failover");
    }

    public PgBinaries binaries() {
        return PgBinaries.locate(env);
    }

    /** @param override {@code --clusters}, or null for the configured clusters directory (else the default) */
    public Path clustersRoot(Path override) {
        if (override != null) {
            return override;
        }
        Path configured = config.get().clustersDir();
        return configured != null ? configured : ThrowawayCluster.defaultRoot();
    }

    /** @param override {@code --ledger}, or null for the state directory's: the ledger the runner that stored the plan writes */
    public FileRunLedger ledger(Path override) {
        return new FileRunLedger(override != null ? override : state().resolve("ledger"));
    }

    /** @param override {@code --endpoints}, or null for the state directory's endpoint files */
    public EndpointFileRouter router(Path override, ReplicationPair pair) {
        return new EndpointFileRouter(override != null ? override : state().resolve("endpoints"), pair);
    }

    public SignalTracker signalTracker(FailoverPolicy policy) {
        return new SignalTracker(policy.flapWindow());
    }

    public FailOver failOver(FailoverPolicy policy, RunLedger ledger) {
        return new FailOver(policy, ledger, clock);
    }

    public FailoverWorkflow workflow(ReplicationPair pair, EndpointFileRouter router, RunLedger ledger) {
        return new FailoverWorkflow(database(pair), CacheSwitcher.NONE, router, ledger, clock, STEP_LIMIT);
    }

    /** Fencing, promotion and write checks on the pair's nodes. */
    public LocalPostgresFailover database(ReplicationPair pair) {
        return new LocalPostgresFailover(pair);
    }
}

package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.core.failover.CacheSwitcher;
import com.silenttalk.automation.core.failover.DatabaseFailover;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.failover.TrafficRouter;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * The failover capability's wiring on AWS: the database, cache and traffic switches of the configured topology, the
 * replica's lag and the primary's reachability as the gate and the probe read them, the ledger and the clock; the
 * core's {@link FailOver} and {@link FailoverWorkflow} over them.
 *
 * @param probeActions what measuring the lag and the reachability needs (the login's secret)
 */
public record FailoverWiring(AwsSettings settings, FailoverSettings failover, DatabaseFailover database, CacheSwitcher cache,
                             TrafficRouter traffic, ReplicaLag lag, Reachability reachability, RunLedger ledger,
                             List<String> probeActions, Clock clock) {
    /** Whether the primary answers a login from this function, as the reachability signal needs it. */
    @FunctionalInterface
    public interface Reachability {
        JdbcFailoverProbe.Reach of(RdsTopology.Node primary);
    }

    /** The target's replication lag as the gate needs it; null when it cannot be measured. */
    @FunctionalInterface
    public interface ReplicaLag {
        Duration of(RdsTopology.Node target);
    }

    /** Production wiring: settings from the environment, the login's secret in its own region, Route 53 at 10 req/s. */
    public static FailoverWiring of(AwsWiring w) {
        FailoverSettings f = FailoverSettings.fromEnvironment(w.environment());
        RdsEndpoints endpoints = new RdsEndpoints(f.topology(), w.clients()::rds);
        SecretsManagerSecretStore secrets = new SecretsManagerSecretStore(
                w.clients().secretsManager(AwsSettings.regionOf("ST_FAILOVER_DB_SECRET_ARN", f.dbSecretArn())));
        JdbcFailoverProbe probe = new JdbcFailoverProbe(secrets, f.dbSecretArn(), f.databaseName(), f.sslMode(), endpoints::of);
        return new FailoverWiring(w.settings(), f, new RdsFailover(f.topology(), w.clients()::rds, probe),
                cacheOf(f, w.clients()::elastiCache),
                new Route53TrafficRouter(w.clients().route53(), f.record(), new RequestRateLimiter(10, RequestRateLimiter.Ticker.SYSTEM),
                        RetryPolicy.DEFAULT, RequestRateLimiter.Ticker.SYSTEM),
                // Only a cross-region replica can lag: Multi-AZ standbys are synchronous, and an Aurora global
                // failover without the operator's allowDataLoss is a switchover that waits for the secondary.
                f.topology().mode() == RdsTopology.Mode.READ_REPLICA ? probe::replicaLag : node -> Duration.ZERO,
                probe::reach, DynamoDbRunLedger.of(w), probe.requiredActions(), w.clock());
    }

    static CacheSwitcher cacheOf(FailoverSettings f, Function<String, ElastiCacheClient> clients) {
        if (f.cache().isEmpty()) {
            return CacheSwitcher.NONE;
        }
        if (f.cache().get() instanceof FailoverSettings.Cache.ReplicationGroup rg) {
            return new ElastiCacheReplicationGroupFailover(clients.apply(f.topology().node(f.from()).region()), rg.group());
        }
        return new ElastiCacheGlobalDatastoreFailover(clients, ((FailoverSettings.Cache.GlobalDatastore) f.cache().get()).datastore());
    }

    /** What a failover step is given and what each command does, logging to {@code log}. */
    FailoverCommands commands(LineLog log) {
        return new FailoverCommands(this, log);
    }

    public FailOver failOver() {
        return new FailOver(FailoverPolicy.defaults().withMode(failover.mode()), ledger, clock);
    }

    public FailoverWorkflow workflow() {
        return new FailoverWorkflow(database, cache, traffic, ledger, clock, failover.stepTimeout());
    }

    /** The failover step's: every switch, the probe's login and the ledger. */
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(database.requiredActions());
        actions.addAll(cache.requiredActions());
        actions.addAll(traffic.requiredActions());
        actions.addAll(probeActions);
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }

    /** The reachability probe's: the primary's endpoint and the login's secret; it writes nothing. */
    public List<String> probeRequiredActions() {
        List<String> actions = new ArrayList<>(probeActions);
        actions.add(failover.topology().mode() == RdsTopology.Mode.AURORA_GLOBAL ? "rds:DescribeDBClusters" : "rds:DescribeDBInstances");
        return actions.stream().distinct().sorted().toList();
    }
}

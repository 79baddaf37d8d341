package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.azure.alerting.AlertingWiring;
import com.silenttalk.automation.azure.backup.BackupWiring;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.flexibleserver.KeyVaultPasswords;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Worker;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.NameValueList;
import com.silenttalk.automation.core.alerting.RouteAlert;
import com.silenttalk.automation.core.failover.FailOver;
import com.silenttalk.automation.core.failover.FailoverMode;
import com.silenttalk.automation.core.failover.FailoverPolicy;
import com.silenttalk.automation.core.failover.FailoverSignals;
import com.silenttalk.automation.core.failover.FailoverWorkflow;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failover's use case, signals and workflow over the Flexible Server, Front Door and Redis
 * adapters and the Table ledger, built once per worker.
 *
 * @param group   the database group whose plans are named {@code <group>-gen<n>}
 * @param from    the Flexible Server that is primary today; {@code to} its read replica
 * @param signals alert rule name → the kind of signal it stands for
 * @param replicaLag the target server's replay lag for the gate, null when it cannot be measured
 * @param approvers  the alert function's routing (rules, channels, dead letters): a plan awaiting approval is sent through it
 */
public record FailoverWiring(String group, String from, String to, Map<String, SignalKind> signals, FailOver failOver,
                             FailoverSignals signalLedger, FailoverWorkflow workflow, Function<String, Duration> replicaLag,
                             RunLedger ledger, RouteAlert approvers, Clock clock) {

    public FailoverWiring {
        signals = Map.copyOf(signals);
    }

    /** Builds the use case and signal ledger over a workflow; tests pass their own adapters' workflow. */
    public static FailoverWiring of(String group, String from, String to, Map<String, SignalKind> signals, FailoverMode mode,
                                    FailoverWorkflow workflow, Function<String, Duration> replicaLag, RunLedger ledger,
                                    RouteAlert approvers, Clock clock) {
        FailoverPolicy policy = FailoverPolicy.defaults().withMode(mode);
        return new FailoverWiring(group, from, to, signals, new FailOver(policy, ledger, clock), new FailoverSignals(ledger, policy),
                workflow, replicaLag, ledger, approvers, clock);
    }

    private static final class Production {
        static final FailoverWiring INSTANCE = build(System.getenv());

        private static FailoverWiring build(Map<String, String> env) {
            AzureSettings settings = Worker.settings();
            RunLedger ledger = BackupWiring.production().ledger();
            String from = required(env, "ST_FAILOVER_FROM");
            String to = required(env, "ST_FAILOVER_TO");
            JdbcWriteProbe probe = new JdbcWriteProbe(new KeyVaultPasswords(Worker.clients().credential(), Worker.clients().http(),
                    Worker.clients().retry()), required(env, "ST_FAILOVER_ADMIN_SECRET_URI"),
                    env.getOrDefault("ST_FAILOVER_ADMIN_USER", "stadmin"), env.getOrDefault("ST_FAILOVER_DATABASE", "postgres"),
                    "require", 5432);
            FlexibleServerReplicaFailover database = new FlexibleServerReplicaFailover(Worker.arm(),
                    new FlexibleServer(settings.subscriptionId(), settings.resourceGroup()), probe,
                    Optional.ofNullable(env.get("ST_FAILOVER_NEW_REPLICA_LOCATION")).filter(s -> !s.isBlank()));
            RedisGeoReplicationSwitch cache = new RedisGeoReplicationSwitch(Worker.arm(), new RedisGeoReplicationSwitch.Caches(
                    settings.subscriptionId(), settings.resourceGroup(), pairs(env.getOrDefault("ST_FAILOVER_REDIS_CACHES", ""),
                    "ST_FAILOVER_REDIS_CACHES")));
            FrontDoorOriginSwitch traffic = new FrontDoorOriginSwitch(Worker.arm(), new FrontDoorOriginSwitch.OriginGroup(
                    settings.subscriptionId(), settings.resourceGroup(), required(env, "ST_FAILOVER_FRONTDOOR_PROFILE"),
                    required(env, "ST_FAILOVER_FRONTDOOR_ORIGIN_GROUP"),
                    pairs(required(env, "ST_FAILOVER_FRONTDOOR_ORIGINS"), "ST_FAILOVER_FRONTDOOR_ORIGINS")));
            FailoverWorkflow workflow = new FailoverWorkflow(database, cache, traffic, ledger, Worker.clock(), Duration.ofMinutes(30));
            return of(env.getOrDefault("ST_FAILOVER_GROUP", from), from, to, signals(required(env, "ST_FAILOVER_SIGNALS")),
                    mode(env.getOrDefault("ST_FAILOVER_MODE", "APPROVAL_REQUIRED")), workflow,
                    // the documented public-cloud host name of a Flexible Server
                    server -> probe.replicaLag(server, server + ".postgres.database.azure.com"), ledger,
                    AlertingWiring.production().route(), Worker.clock());
        }
    }

    public static FailoverWiring production() {
        return Production.INSTANCE;
    }

    /** {@code "rule-a=HEALTH_CHECK, rule-b=ALARM"}. */
    public static Map<String, SignalKind> signals(String text) {
        Map<String, SignalKind> out = new LinkedHashMap<>();
        pairs(text, "ST_FAILOVER_SIGNALS").forEach((rule, kind) -> {
            try {
                out.put(rule, SignalKind.valueOf(kind.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("ST_FAILOVER_SIGNALS", UntrustedText.quoted(kind) + " is not one of " + List.of(SignalKind.values()));
            }
        });
        return out;
    }

    static FailoverMode mode(String text) {
        try {
            return FailoverMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("ST_FAILOVER_MODE", "must be one of " + List.of(FailoverMode.values()) + ", got " + UntrustedText.quoted(text));
        }
    }

    static Map<String, String> pairs(String text, String field) {
        return NameValueList.parse(field, text);
    }

    static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(name, "is not set");
        }
        return value.trim();
    }
}

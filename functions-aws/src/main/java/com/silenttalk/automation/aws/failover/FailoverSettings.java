package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.NameValueList;
import com.silenttalk.automation.core.SettingsReader;
import com.silenttalk.automation.core.failover.FailoverMode;
import com.silenttalk.automation.core.failover.SignalKind;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The failover function's configuration, read once from the environment template.yaml sets.
 * Identifiers only: the database login stays in Secrets Manager and only its ARN is here.
 *
 * @param from          the node that is primary today; {@code to} the one the plan promotes
 * @param childAlarms   the composite alarm's children by name, each standing for one kind of signal
 * @param alarmWindow   how long a child alarm's metric breached before the alarm went to ALARM
 *                      (its period × datapoints to alarm): the signal has been failing since then
 * @param cache         empty when no cache fails over with the database
 */
public record FailoverSettings(String group, RdsTopology topology, String from, String to, FailoverMode mode,
                               String compositeAlarm, Map<String, SignalKind> childAlarms, Duration alarmWindow,
                               Route53TrafficRouter.Record record, Optional<Cache> cache, String dbSecretArn,
                               String databaseName, String sslMode, Duration stepTimeout) {

    /** Which ElastiCache failover goes with the database's. */
    public sealed interface Cache permits Cache.ReplicationGroup, Cache.GlobalDatastore {
        record ReplicationGroup(ElastiCacheReplicationGroupFailover.Group group) implements Cache {
        }

        record GlobalDatastore(ElastiCacheGlobalDatastoreFailover.Datastore datastore) implements Cache {
        }
    }

    public FailoverSettings {
        topology.node(from);
        topology.node(to);
        if (from.equals(to)) {
            throw new InvalidFieldException("ST_FAILOVER_TO", "must differ from ST_FAILOVER_FROM");
        }
        childAlarms = Map.copyOf(childAlarms);
        if (childAlarms.values().stream().distinct().count() < 2) {
            throw new InvalidFieldException("ST_FAILOVER_ALARMS", "need at least two kinds of signal: one alarm is never enough");
        }
        if (!record.endpoints().containsKey(to) || !record.endpoints().containsKey(from)) {
            throw new InvalidFieldException("ST_FAILOVER_ENDPOINTS", "must name the DNS target of " + from + " and " + to);
        }
        if (dbSecretArn == null || !dbSecretArn.startsWith("arn:")) {
            throw new InvalidFieldException("ST_FAILOVER_DB_SECRET_ARN", "must be a Secrets Manager secret ARN");
        }
    }

    public static FailoverSettings fromEnvironment(Map<String, String> env) {
        SettingsReader settings = new SettingsReader(env);
        RdsTopology.Mode dbMode = settings.oneOf(RdsTopology.Mode.class, "ST_FAILOVER_DB_MODE", "READ_REPLICA");
        Map<String, RdsTopology.Node> nodes = new LinkedHashMap<>();
        pairs(settings.required("ST_FAILOVER_NODES"), "ST_FAILOVER_NODES").forEach((name, spec) -> {
            String[] p = spec.split("/");
            if (p.length < 2 || p.length > 3) {
                throw new InvalidFieldException("ST_FAILOVER_NODES", UntrustedText.quoted(name) + " must be region/identifier[/availability-zone]");
            }
            nodes.put(name, new RdsTopology.Node(p[0], p[1], p.length == 3 ? p[2] : null));
        });
        RdsTopology topology = new RdsTopology(dbMode, nodes, env.get("ST_FAILOVER_GLOBAL_CLUSTER"));
        Map<String, SignalKind> alarms = new LinkedHashMap<>();
        putAlarm(alarms, settings, "ST_FAILOVER_HEALTH_ALARM", SignalKind.HEALTH_CHECK);
        putAlarm(alarms, settings, "ST_FAILOVER_REACHABILITY_ALARM", SignalKind.REACHABILITY);
        putAlarm(alarms, settings, "ST_FAILOVER_DB_ALARM", SignalKind.ALARM);
        Route53TrafficRouter.Record record = new Route53TrafficRouter.Record(settings.required("ST_FAILOVER_HOSTED_ZONE_ID"),
                settings.required("ST_FAILOVER_RECORD_NAME"), settings.positiveInt("ST_FAILOVER_RECORD_TTL", 60),
                pairs(settings.required("ST_FAILOVER_ENDPOINTS"), "ST_FAILOVER_ENDPOINTS"));
        return new FailoverSettings(settings.required("ST_FAILOVER_GROUP"), topology, settings.required("ST_FAILOVER_FROM"),
                settings.required("ST_FAILOVER_TO"),
                settings.oneOf(FailoverMode.class, "ST_FAILOVER_MODE", "APPROVAL_REQUIRED"),
                settings.required("ST_FAILOVER_COMPOSITE_ALARM"), alarms,
                Duration.ofMinutes(settings.positiveInt("ST_FAILOVER_ALARM_WINDOW_MINUTES", 3)), record, cache(settings),
                settings.required("ST_FAILOVER_DB_SECRET_ARN"), settings.orDefault("ST_FAILOVER_DB_NAME", "postgres"),
                settings.orDefault("ST_FAILOVER_SSLMODE", "require"),
                Duration.ofMinutes(settings.positiveInt("ST_FAILOVER_STEP_TIMEOUT_MINUTES", 30)));
    }

    private static Optional<Cache> cache(SettingsReader settings) {
        String kind = settings.orDefault("ST_FAILOVER_CACHE", "none").trim();
        return switch (kind) {
            case "none" -> Optional.empty();
            case "replication-group" -> Optional.of(new Cache.ReplicationGroup(new ElastiCacheReplicationGroupFailover.Group(
                    settings.required("ST_FAILOVER_CACHE_ID"), settings.orDefault("ST_FAILOVER_CACHE_NODE_GROUP", "0001"),
                    pairs(settings.required("ST_FAILOVER_CACHE_MEMBERS"), "ST_FAILOVER_CACHE_MEMBERS"))));
            case "global-datastore" -> {
                Map<String, ElastiCacheGlobalDatastoreFailover.Member> members = new LinkedHashMap<>();
                pairs(settings.required("ST_FAILOVER_CACHE_MEMBERS"), "ST_FAILOVER_CACHE_MEMBERS").forEach((node, spec) -> {
                    String[] p = spec.split("/");
                    if (p.length != 2) {
                        throw new InvalidFieldException("ST_FAILOVER_CACHE_MEMBERS", UntrustedText.quoted(node) + " must be region/replication-group-id");
                    }
                    members.put(node, new ElastiCacheGlobalDatastoreFailover.Member(p[0], p[1]));
                });
                yield Optional.of(new Cache.GlobalDatastore(new ElastiCacheGlobalDatastoreFailover.Datastore(
                        settings.required("ST_FAILOVER_CACHE_ID"), members)));
            }
            default -> throw new InvalidFieldException("ST_FAILOVER_CACHE",
                    "must be none, replication-group or global-datastore, got " + UntrustedText.quoted(kind));
        };
    }

    private static void putAlarm(Map<String, SignalKind> alarms, SettingsReader settings, String name, SignalKind kind) {
        settings.optional(name).ifPresent(alarm -> alarms.put(alarm.trim(), kind));
    }

    private static Map<String, String> pairs(String text, String field) {
        return NameValueList.parse(field, text);
    }
}

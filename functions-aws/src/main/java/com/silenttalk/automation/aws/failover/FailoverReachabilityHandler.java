package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.aws.runtime.EventFunction;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/**
 * The failover quorum's reachability signal: every minute (EventBridge "Scheduled Event"), a bounded TLS login to the
 * primary from the function's subnets, whose outcome is the composite's reachability metric
 * ({@value #REACHABILITY_NAMESPACE} {@value #REACHABILITY_METRIC}, 1 unreachable, 0 reached), written as one
 * embedded-metric line. Side-effect free on purpose: no ledger record per minute, nothing changes anywhere.
 */
public final class FailoverReachabilityHandler extends EventFunction<EventEnvelope> {
    public static final String NAME = "failover-reachability";
    /** What template.yaml's FailoverReachabilityAlarm reads, per DBInstanceIdentifier. */
    public static final String REACHABILITY_NAMESPACE = "SilentTalk/App";
    public static final String REACHABILITY_METRIC = "PrimaryConnectFailures";
    public static final String REACHABILITY_DIMENSION = "DBInstanceIdentifier";

    private final FailoverWiring failover;

    public FailoverReachabilityHandler() {
        this(AwsWiring.container());
        Core.getGlobalContext().register(this);
    }

    /** Production wiring over a given container wiring (opsctl invoke and the template tests use it). */
    public FailoverReachabilityHandler(AwsWiring w) {
        this(FailoverWiring.of(w), w.log(NAME));
    }

    FailoverReachabilityHandler(FailoverWiring failover, LineLog log) {
        super(NAME, failover.ledger(), failover.clock(), log);
        this.failover = failover;
    }

    @Override
    protected EventEnvelope parse(Map<String, Object> input) {
        return EventEnvelope.parse(input, Set.of("aws.events"), Set.of("Scheduled Event"), failover.settings().allowedAccounts());
    }

    @Override
    protected Rendered execute(EventEnvelope schedule, Instant now) {
        RdsTopology.Node primary = failover.failover().topology().node(failover.failover().from());
        JdbcFailoverProbe.Reach reach = failover.reachability().of(primary);
        log.metrics(now, REACHABILITY_NAMESPACE, Map.of(REACHABILITY_DIMENSION, primary.identifier()),
                Map.<String, Number>of(REACHABILITY_METRIC, reach.reachable() ? 0 : 1), "Count");
        Map<String, Object> out = new LinkedHashMap<>(Map.of("primary", primary.identifier()));
        out.put("reachable", reach.reachable());
        Map<String, Object> line = new LinkedHashMap<>(Map.of("scheduleEvent", schedule.id()));
        line.putAll(out);
        line.put("detail", reach.detail());
        return Rendered.logged(out, line);
    }

    /** Then a login to the primary and a metric line: nothing changes anywhere. */
    @Override
    public List<PlannedCall> plan(Map<String, Object> input) {
        parse(input);
        String arn = failover.failover().dbSecretArn();
        return List.of(new PlannedCall("secretsmanager", "GetSecretValue", AwsSettings.regionOf("ST_FAILOVER_DB_SECRET_ARN", arn),
                Map.of("SecretId", arn)));
    }

    @Override
    public List<String> requiredActions() {
        return failover.probeRequiredActions();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        plan(EventEnvelope.scheduledForPriming(failover.settings(), clock.instant()));
    }
}

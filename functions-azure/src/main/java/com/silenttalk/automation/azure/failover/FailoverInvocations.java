package com.silenttalk.automation.azure.failover;

import com.microsoft.azure.functions.ExecutionContext;
import com.silenttalk.automation.azure.alerting.AlertWebhookPlan;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.AzureSettings;
import com.silenttalk.automation.azure.runtime.Invocable;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.failover.FailoverMode;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.failover.FailoverState;
import com.silenttalk.automation.core.failover.FailoverStep;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The failover functions as {@code opsctl invoke --cloud azure} sees them: each validates its
 * input exactly as the function does and lists the calls it would make, making none. They run
 * only inside the function app (the gate's state, the lease and the orchestration live there).
 */
public final class FailoverInvocations {
    private static final String IN_THE_APP = "the failover functions run in the function app (POST /api/failover/alert, "
            + "POST /api/failover/approve, the Failover orchestration); plan them here with --dry-run";

    private FailoverInvocations() {
    }

    /** The action group's webhook: the signal kept, the gate's reads, then a stored plan told to the approvers or the chain started. */
    public static Invocable alert(AzureSettings settings, Map<String, String> env, Clock clock) {
        return new InAppOnly() {
            @Override
            public List<PlannedCall> plan(String event) {
                SignalAlert signal = SignalAlert.parse(event,
                        FailoverWiring.signals(FailoverWiring.required(env, "ST_FAILOVER_SIGNALS")));
                String from = FailoverWiring.required(env, "ST_FAILOVER_FROM");
                String to = FailoverWiring.required(env, "ST_FAILOVER_TO");
                String group = env.getOrDefault("ST_FAILOVER_GROUP", from);
                FailoverMode mode = FailoverWiring.mode(env.getOrDefault("ST_FAILOVER_MODE", "APPROVAL_REQUIRED"));
                String table = ledger(settings);
                List<PlannedCall> calls = new ArrayList<>();
                calls.add(new PlannedCall("table", "PUT (Insert Or Replace Entity)", table, Map.of("runKey",
                        "failover-signal/" + group + "/" + signal.alert().name(), "failing", signal.alert().isFiring())));
                calls.add(new PlannedCall("table", "GET (Query Entities)", table, Map.of("read", "the group's signals and failover history")));
                calls.add(new PlannedCall("postgresql", "SELECT replay lag", to + ".postgres.database.azure.com", Map.of()));
                String next = group + "-gen<next>";
                switch (mode) {
                    case APPROVAL_REQUIRED -> {
                        calls.add(new PlannedCall("table", "POST (Insert Entity) if the gate says yes", table,
                                Map.of("runKey", "failover-plan/" + next)));
                        Instant now = clock.instant();
                        FailoverPlan example = new FailoverPlan(group + "-gen-next", group, from, to, false, false, now, now, List.of());
                        calls.addAll(AlertWebhookPlan.plannedDeliveries(ApprovalNotice.of(example, signal.alert(), now), clock));
                    }
                    case AUTOMATIC -> {
                        calls.add(new PlannedCall("table", "POST (Insert Entity) if the gate says yes", table,
                                Map.of("runKey", "failover-lease/" + next)));
                        calls.add(new PlannedCall("durable", "schedule orchestration " + FailoverFunctions.ORCHESTRATION, next, Map.of()));
                    }
                    case DRY_RUN -> {
                        // the gate's verdict is answered; nothing is stored or started
                    }
                }
                return calls;
            }
        };
    }

    /** An approval: the stored plan read, the lease claimed, the plan marked used, the chain started. */
    public static Invocable approve(AzureSettings settings) {
        return new InAppOnly() {
            @Override
            public List<PlannedCall> plan(String event) {
                String planId = ApprovalRequest.planId(event);
                String table = ledger(settings);
                return List.of(
                        new PlannedCall("table", "GET (Query Entities)", table, Map.of("runKey", "failover-plan/" + planId)),
                        new PlannedCall("table", "POST (Insert Entity)", table, Map.of("runKey", "failover-lease/" + planId)),
                        new PlannedCall("table", "PUT (Update Entity, If-Match)", table, Map.of("runKey", "failover-plan/" + planId,
                                "outcome", "SUCCEEDED")),
                        new PlannedCall("durable", "schedule orchestration " + FailoverFunctions.ORCHESTRATION, planId, Map.of()));
            }
        };
    }

    /** The orchestration from its input state: the remaining steps of the chain, each with the calls it makes. */
    public static Invocable orchestration(AzureSettings settings, Map<String, String> env) {
        return new InAppOnly() {
            @Override
            public List<PlannedCall> plan(String event) {
                FailoverState state = Json.readInput(event, FailoverState.class, "event");
                if (state == null || state.plan() == null || state.step() == null) {
                    throw new InvalidFieldException(state == null || state.plan() == null ? "plan" : "step", "is missing");
                }
                FailoverPlan plan = state.plan();
                FlexibleServer servers = new FlexibleServer(settings.subscriptionId(), settings.resourceGroup());
                String api = "?api-version=" + FlexibleServerReplicaFailover.API_VERSION;
                List<PlannedCall> calls = new ArrayList<>();
                for (FailoverStep step : plan.steps()) {
                    if (step.ordinal() < state.step().ordinal()) {
                        continue;
                    }
                    switch (step) {
                        case FENCE -> calls.add(new PlannedCall("arm", "POST", servers.serverPath(plan.from()) + "/stop" + api, Map.of()));
                        case PROMOTE -> {
                            FlexibleServerReplicaFailover.Promotion p = FlexibleServerReplicaFailover.Promotion.of(plan);
                            calls.add(new PlannedCall("arm", "PATCH", servers.serverPath(plan.to()) + api, Map.of("properties",
                                    Map.of("replica", Map.of("promoteMode", p.mode(), "promoteOption", p.option())))));
                        }
                        case SWITCH_CACHE -> calls.add(new PlannedCall("arm", "POST (unlink geo-replication, if "
                                + "ST_FAILOVER_REDIS_CACHES names both servers)", env.getOrDefault("ST_FAILOVER_REDIS_CACHES", "none"), Map.of()));
                        case SWITCH_TRAFFIC -> calls.add(new PlannedCall("arm", "PATCH (origin priorities: demote, then raise)",
                                "Front Door " + env.getOrDefault("ST_FAILOVER_FRONTDOOR_PROFILE", "<ST_FAILOVER_FRONTDOOR_PROFILE>") + "/"
                                        + env.getOrDefault("ST_FAILOVER_FRONTDOOR_ORIGIN_GROUP", "<ST_FAILOVER_FRONTDOOR_ORIGIN_GROUP>"), Map.of()));
                        case VERIFY_WRITES -> calls.add(new PlannedCall("postgresql", "write and read back a probe row",
                                plan.to() + ".postgres.database.azure.com", Map.of()));
                        case REPROTECT -> calls.add(new PlannedCall("arm", "PUT (new read replica of " + plan.to()
                                + ") or the operator's steps", servers.serverPath(plan.from()) + api, Map.of()));
                        case DONE -> {
                        }
                    }
                }
                calls.add(new PlannedCall("table", "PUT (Update Entity)", ledger(settings), Map.of("runKey", "failover/" + plan.planId(),
                        "each", "step with its timestamps")));
                return calls;
            }
        };
    }

    private static String ledger(AzureSettings settings) {
        return settings.backupStorage().tableEndpoint() + "/" + settings.ledgerTable();
    }

    private abstract static class InAppOnly implements Invocable {
        @Override
        public void run(String event, ExecutionContext context) {
            plan(event);
            throw new InvalidFieldException("--dry-run", IN_THE_APP);
        }
    }
}

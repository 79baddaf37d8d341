package com.silenttalk.automation.azure.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.ArmResponse;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.core.failover.DatabaseFailover;
import com.silenttalk.automation.core.failover.FailoverPlan;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fails a Flexible Server over to one of its read replicas, through the documented
 * "Servers - Update" PATCH ({@code properties.replica.promoteMode} / {@code promoteOption},
 * api-version 2024-08-01). Stateless and idempotent: every call reads the servers first, so a
 * repeated call after a crash or a timed-out poll carries on where the service stands.
 *
 * <ul>
 *   <li><b>Planned switchover</b> ({@link FailoverPlan#planned()}): {@code switchover} +
 *       {@code planned}. The service waits until the replica has everything, then swaps the roles:
 *       the old primary becomes a read replica of the new one. The service is the fence, nothing is
 *       lost, and re-protection is already done. It needs the virtual endpoints the service
 *       documents for promote-to-primary. {@code forced} is never sent for a planned plan.</li>
 *   <li><b>Failover</b> (not planned): fence, then {@code standalone} + {@code planned}, or
 *       {@code forced} only when the operator accepted data loss ({@link FailoverPlan#allowDataLoss()}).
 *       A standalone promotion leaves the old primary writable, so fencing means stopping it
 *       ({@code POST .../stop}) while its control plane answers; PostgreSQL's shutdown sends the
 *       remaining WAL to connected standbys before it stops. A server that is already Stopped,
 *       Disabled, Dropping or gone counts as fenced. If ARM cannot stop it, the step fails and the
 *       chain halts: this adapter never promotes next to a primary it could not fence. In a
 *       regional outage where ARM cannot reach the old primary at all, an operator fences it by
 *       hand (network rules) before resuming.</li>
 * </ul>
 *
 * Writes are verified with a {@link WriteProbe} (a real connection, not ARM). Re-protection after
 * a standalone promotion either creates a new read replica of the promoted server (the documented
 * {@code createMode: Replica} PUT) when a replica location is configured, or reports exactly what
 * an operator must do: Flexible Server cannot turn the old primary into a replica.
 */
public final class FlexibleServerReplicaFailover implements DatabaseFailover {
    /** The api-version whose "Servers - Update" documents promoteMode and promoteOption. */
    public static final String API_VERSION = "2024-08-01";
    static final Duration POLL = Duration.ofSeconds(30);
    private static final Set<String> REPLICA_ROLES = Set.of("AsyncReplica", "GeoAsyncReplica", "WalReplica",
            "SyncReplica", "GeoSyncReplica", "Secondary");
    private static final Set<String> FENCED_STATES = Set.of("Stopped", "Disabled", "Dropping");
    private static final Set<String> TRANSITIONAL_STATES = Set.of("Stopping", "Starting", "Updating", "Restarting",
            "Provisioning");

    /** What the PATCH asks for; a planned plan can only ever give {@code switchover} + {@code planned}. */
    record Promotion(String mode, String option) {
        static Promotion of(FailoverPlan plan) {
            if (plan.planned()) {
                return new Promotion("switchover", "planned");
            }
            return new Promotion("standalone", plan.allowDataLoss() ? "forced" : "planned");
        }

        ObjectNode body() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.putObject("properties").putObject("replica").put("promoteMode", mode).put("promoteOption", option);
            return body;
        }
    }

    private final ArmClient arm;
    private final FlexibleServer servers;
    private final WriteProbe probe;
    private final Optional<String> newReplicaLocation;

    /**
     * @param newReplicaLocation where re-protection creates a new read replica of the promoted server after a
     *                           standalone promotion; empty to report the operator's steps instead
     */
    public FlexibleServerReplicaFailover(ArmClient arm, FlexibleServer servers, WriteProbe probe,
                                         Optional<String> newReplicaLocation) {
        this.arm = Objects.requireNonNull(arm, "arm").withApiVersion(API_VERSION);
        this.servers = Objects.requireNonNull(servers, "servers");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.newReplicaLocation = Objects.requireNonNull(newReplicaLocation, "newReplicaLocation");
    }

    @Override
    public Progress<Long> fence(FailoverPlan plan) {
        if (plan.planned()) {
            // switchover + planned: the service catches the replica up and demotes the old primary itself.
            return Progress.ready(0L);
        }
        String from = plan.from();
        String path = servers.serverPath(from);
        ArmResponse server = arm.get(path);
        if (server.isNotFound()) {
            return Progress.ready(-1L);
        }
        ArmClient.requireSuccess("GET server " + from, server);
        String state = state(server.body());
        if (FENCED_STATES.contains(state)) {
            return Progress.ready(-1L);
        }
        if (TRANSITIONAL_STATES.contains(state)) {
            return Progress.pending(POLL, from + " is " + state);
        }
        if (!"Ready".equals(state)) {
            throw new IllegalStateException("cannot fence " + from + ": it is " + state + "; stop it or cut it off by hand, then resume");
        }
        String operation = "stop of old primary " + from;
        LongRunning stopped = arm.follow(operation, arm.post(path + "/stop", null));
        if (stopped instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (stopped instanceof LongRunning.Running running) {
            return Progress.pending(running.checkAgainAfter(), operation + " is " + running.status());
        }
        // ARM reports no replication lag in bytes: what the replica had not received is unknown here.
        return Progress.ready(-1L);
    }

    @Override
    public Progress<String> promote(FailoverPlan plan) {
        String to = plan.to();
        String path = servers.serverPath(to);
        JsonNode server = ArmClient.requireSuccess("GET server " + to, arm.get(path)).body();
        String role = role(server);
        String state = state(server);
        if (!REPLICA_ROLES.contains(role)) {
            return "Ready".equals(state) ? Progress.ready(to + " is a Ready " + role + " server")
                    : Progress.pending(POLL, to + " is " + role + " and " + state);
        }
        String replication = server.path("properties").path("replica").path("replicationState").asText("");
        if (!"Ready".equals(state) || "Updating".equals(replication)) {
            return Progress.pending(POLL, to + " is " + state + (replication.isEmpty() ? "" : ", replication " + replication));
        }
        Promotion promotion = Promotion.of(plan);
        String operation = "promotion of " + to + " (" + promotion.mode() + ", " + promotion.option() + ")";
        LongRunning outcome = arm.follow(operation, arm.patch(path, promotion.body()));
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            return Progress.pending(running.checkAgainAfter(), operation + " is " + running.status());
        }
        return Progress.ready(operation + " succeeded");
    }

    @Override
    public boolean isWritable(String node) {
        ArmResponse response = arm.get(servers.serverPath(node));
        if (response.isNotFound()) {
            return false;
        }
        JsonNode server = ArmClient.requireSuccess("GET server " + node, response).body();
        return "Ready".equals(state(server)) && !REPLICA_ROLES.contains(role(server));
    }

    /** Asks ARM for the server's host name, then writes and reads back through the {@link WriteProbe}. */
    @Override
    public void verifyWrites(String node) {
        JsonNode server = ArmClient.requireSuccess("GET server " + node, arm.get(servers.serverPath(node))).body();
        String host = server.path("properties").path("fullyQualifiedDomainName").asText("");
        if (host.isBlank()) {
            throw new IllegalStateException("ARM reports no fullyQualifiedDomainName for " + node);
        }
        probe.writeAndReadBack(node, host);
    }

    @Override
    public Progress<String> reprotect(FailoverPlan plan) {
        if (plan.planned()) {
            JsonNode old = ArmClient.requireSuccess("GET server " + plan.from(), arm.get(servers.serverPath(plan.from()))).body();
            if (REPLICA_ROLES.contains(role(old))) {
                return Progress.ready(plan.from() + " is now a " + role(old) + " of " + plan.to() + " (the switchover swapped the roles)");
            }
            if (TRANSITIONAL_STATES.contains(state(old))) {
                return Progress.pending(POLL, plan.from() + " is " + state(old));
            }
            throw new IllegalStateException("after the switchover " + plan.from() + " is " + role(old) + " and " + state(old)
                    + ", not a replica of " + plan.to() + "; create a new read replica of " + plan.to() + " by hand");
        }
        String replica = newReplicaName(plan);
        if (newReplicaLocation.isEmpty()) {
            return Progress.ready(operatorSteps(plan, replica));
        }
        String path = servers.serverPath(replica);
        ArmResponse existing = arm.get(path);
        if (existing.isNotFound()) {
            String operation = "creation of read replica " + replica + " of " + plan.to();
            LongRunning created = arm.follow(operation, arm.put(path, replicaBody(plan)));
            if (created instanceof LongRunning.Failed failed) {
                throw new ArmException(operation, 200, failed.code(), failed.message());
            }
            return Progress.pending(POLL, operation + " requested");
        }
        JsonNode server = ArmClient.requireSuccess("GET server " + replica, existing).body();
        if ("Ready".equals(state(server)) && REPLICA_ROLES.contains(role(server))) {
            return Progress.ready(replica + " in " + newReplicaLocation.get() + " is a " + role(server) + " of " + plan.to()
                    + "; " + plan.from() + " stays stopped until an operator deletes it");
        }
        if (TRANSITIONAL_STATES.contains(state(server))) {
            return Progress.pending(POLL, replica + " is " + state(server));
        }
        throw new IllegalStateException("new replica " + replica + " is " + role(server) + " and " + state(server));
    }

    ObjectNode replicaBody(FailoverPlan plan) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("location", newReplicaLocation.orElseThrow());
        ObjectNode properties = body.putObject("properties");
        properties.put("createMode", "Replica");
        properties.put("sourceServerResourceId", servers.serverPath(plan.to()));
        return body;
    }

    /** A name the service accepts (3-63 letters, digits, single hyphens) that is the same on every retry. */
    static String newReplicaName(FailoverPlan plan) {
        String name = plan.planId() + "-replica";
        if (name.length() > 63) {
            name = name.substring(name.length() - 63);
        }
        return name.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
    }

    private String operatorSteps(FailoverPlan plan, String replica) {
        return plan.from() + " is stopped and out of replication; Flexible Server cannot turn it into a replica. "
                + "An operator must create a new read replica of " + plan.to() + ": PUT " + servers.serverPath(replica)
                + "?api-version=" + API_VERSION + " with {\"location\": <region>, \"properties\": "
                + "{\"createMode\": \"Replica\", \"sourceServerResourceId\": \"" + servers.serverPath(plan.to()) + "\"}}"
                + " (or az postgres flexible-server replica create), then delete " + plan.from()
                + (plan.allowDataLoss() ? " only after recovering the writes it holds that " + plan.to() + " never received"
                : " once it is no longer needed");
    }

    private static String state(JsonNode server) {
        return server.path("properties").path("state").asText("Unknown");
    }

    /** {@code properties.replica.role}; servers without replication report None (or omit it). */
    private static String role(JsonNode server) {
        JsonNode properties = server.path("properties");
        String role = properties.path("replica").path("role").asText("");
        return role.isEmpty() ? properties.path("replicationRole").asText("None") : role;
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.DBforPostgreSQL/flexibleServers/read",
                "Microsoft.DBforPostgreSQL/flexibleServers/write",
                "Microsoft.DBforPostgreSQL/flexibleServers/stop/action");
    }
}

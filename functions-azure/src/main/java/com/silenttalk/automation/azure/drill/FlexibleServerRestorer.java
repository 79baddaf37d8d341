package com.silenttalk.automation.azure.drill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.ArmResponse;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.drill.DatabaseRestorer;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Restores a Flexible Server into a throwaway server (create mode {@code PointInTimeRestore}
 * at the snapshot's consistent point, or {@code GeoRestore} into the paired region where
 * geo-redundant backup is on) and always deletes it again. Polls by returning
 * {@link Progress.Pending}; the step loop (a durable timer) does the waiting. Only servers
 * named {@code drill-*} are ever deleted.
 */
public final class FlexibleServerRestorer implements DatabaseRestorer {
    static final Duration POLL = Duration.ofSeconds(60);
    public static final String DRILL_PREFIX = "drill-";
    public static final String DRILL_TAG = "silenttalk-drill";

    /** How the drill restores and where it connects. {@code adminSecretRef} names a Key Vault secret, never its value. */
    public record Settings(String primaryRegion, String drillRegion, boolean geoRestore, String databaseName,
                           String adminSecretRef) {
        public Settings {
            Objects.requireNonNull(primaryRegion, "primaryRegion");
            Objects.requireNonNull(drillRegion, "drillRegion");
            Objects.requireNonNull(databaseName, "databaseName");
            Objects.requireNonNull(adminSecretRef, "adminSecretRef");
        }
    }

    private final ArmClient arm;
    private final FlexibleServer servers;
    private final Settings settings;

    public FlexibleServerRestorer(ArmClient arm, FlexibleServer servers, Settings settings) {
        this.arm = arm;
        this.servers = servers;
        this.settings = settings;
    }

    @Override
    public Progress<RestoredInstance> restore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        requireDrillName(instanceName);
        String path = servers.serverPath(instanceName);
        ArmResponse existing = arm.get(path);
        if (existing.isNotFound()) {
            String operation = "restore of " + snapshot.database() + " into " + instanceName;
            LongRunning outcome = arm.follow(operation, arm.put(path, restoreBody(snapshot, manifest, instanceName)));
            if (outcome instanceof LongRunning.Failed failed) {
                throw new ArmException(operation, 200, failed.code(), failed.message());
            }
            return Progress.pending(POLL, operation + " requested");
        }
        ArmClient.requireSuccess("GET server " + instanceName, existing);
        String state = existing.body().path("properties").path("state").asText("Unknown");
        if (!"Ready".equals(state)) {
            if ("Disabled".equals(state) || "Dropping".equals(state)) {
                throw new IllegalStateException("restored server " + instanceName + " is " + state);
            }
            return Progress.pending(POLL, instanceName + " is " + state);
        }
        String host = existing.body().path("properties").path("fullyQualifiedDomainName").asText();
        String login = existing.body().path("properties").path("administratorLogin").asText("");
        return Progress.ready(new RestoredInstance(instanceName, host, 5432, settings.databaseName(),
                settings.adminSecretRef(), Map.of("region", restoreRegion(), "user", login,
                        "createMode", createMode())));
    }

    @Override
    public Progress<String> tearDown(String instanceName) {
        requireDrillName(instanceName);
        String operation = "delete drill server " + instanceName;
        ArmResponse response = arm.delete(servers.serverPath(instanceName));
        if (response.isNotFound() || response.status() == 204) {
            return Progress.ready(instanceName);
        }
        LongRunning outcome = arm.follow(operation, response);
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            return Progress.pending(POLL, operation + " is " + running.status());
        }
        return Progress.ready(instanceName);
    }

    ObjectNode restoreBody(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        Instant pointInTime = manifest != null ? manifest.consistentPoint() : snapshot.createdAt();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("location", restoreRegion());
        body.putObject("tags").put(DRILL_TAG, instanceName);
        ObjectNode properties = body.putObject("properties");
        properties.put("createMode", createMode());
        properties.put("sourceServerResourceId", servers.serverPath(snapshot.database().value()));
        properties.put("pointInTimeUTC", pointInTime.toString());
        return body;
    }

    /** The restore and the delete a drill of {@code snapshot} makes, for dry-runs. */
    @SuppressWarnings("unchecked")
    public List<PlannedCall> plannedRestore(Snapshot snapshot, SnapshotManifest manifest, String instanceName) {
        String path = servers.serverPath(instanceName) + "?api-version=" + ArmClient.API_VERSION;
        Map<String, Object> body = Json.MAPPER.convertValue(restoreBody(snapshot, manifest, instanceName), Map.class);
        return List.of(new PlannedCall("arm", "PUT", path, body), new PlannedCall("arm", "DELETE", path, Map.of()));
    }

    private String createMode() {
        return settings.geoRestore() ? "GeoRestore" : "PointInTimeRestore";
    }

    private String restoreRegion() {
        return settings.geoRestore() ? settings.drillRegion() : settings.primaryRegion();
    }

    private static void requireDrillName(String instanceName) {
        if (instanceName == null || !instanceName.startsWith(DRILL_PREFIX)) {
            throw new IllegalArgumentException("drill servers are named " + DRILL_PREFIX + "*, refusing " + UntrustedText.quoted(instanceName));
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.DBforPostgreSQL/flexibleServers/read",
                "Microsoft.DBforPostgreSQL/flexibleServers/write",
                "Microsoft.DBforPostgreSQL/flexibleServers/delete");
    }
}

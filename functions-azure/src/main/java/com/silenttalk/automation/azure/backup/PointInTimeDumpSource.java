package com.silenttalk.automation.azure.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.ArmResponse;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.azure.runtime.Sleeper;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.ConsistentReadPoint;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The frozen copy a dump in parts reads, on Azure: a point-in-time restore of the source Flexible Server into a
 * throwaway server ({@code createMode: PointInTimeRestore}, {@code sourceServerResourceId}, {@code pointInTimeUTC}),
 * followed by its {@code Azure-AsyncOperation}. The server is named {@link #PREFIX}* and tagged with its own name and
 * its point in time: a resumed dump finds the same server and is refused if it asks for another point, and
 * {@link #release} deletes only a server with both marks. A failed restore operation is asked again a bounded number
 * of times, then reported in one line naming the server.
 */
public final class PointInTimeDumpSource implements ConsistentReadPoint {
    public static final String PREFIX = "dumpsrc-";
    public static final String TAG = "silenttalk-dump-source";
    public static final String POINT_TAG = "silenttalk-dump-point";
    static final Duration POLL = Duration.ofSeconds(60);

    /**
     * @param databaseName   the database the parts read on the restored server
     * @param adminSecretUri the administrator password in Key Vault (a restore keeps the source's)
     * @param attempts       restore operations tried before giving up (each after the pipeline's own HTTP retries)
     * @param port           5432 on Azure; tests give a local server's
     */
    public record Settings(String region, String databaseName, String adminSecretUri, int attempts, Duration retryAfter,
                           int port) {
        public Settings(String region, String databaseName, String adminSecretUri, int attempts, Duration retryAfter) {
            this(region, databaseName, adminSecretUri, attempts, retryAfter, FlexibleServerDumper.FLEXIBLE_SERVER_PORT);
        }

        public Settings {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
            if (databaseName == null || databaseName.isBlank()) {
                throw new IllegalArgumentException("databaseName must not be blank");
            }
            Objects.requireNonNull(adminSecretUri, "adminSecretUri");
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts must be 1-10, got " + attempts);
            }
            if (retryAfter == null || retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must be zero or positive");
            }
        }
    }

    private final ArmClient arm;
    private final FlexibleServer servers;
    private final Settings settings;
    private final Sleeper sleeper;

    public PointInTimeDumpSource(ArmClient arm, FlexibleServer servers, Settings settings, Sleeper sleeper) {
        this.arm = Objects.requireNonNull(arm, "arm");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The throwaway server's name for one snapshot: the same on every retry and resume. */
    public static String nameFor(String snapshotId) {
        String name = (PREFIX + snapshotId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
        return name.length() > 63 ? name.substring(0, 63) : name; // Flexible Server names are at most 63 characters
    }

    @Override
    public Progress<DumpSource> provision(DatabaseId source, Instant pointInTime, String name) {
        requireOurName(name);
        Objects.requireNonNull(pointInTime, "pointInTime");
        String path = servers.serverPath(name);
        ArmResponse existing = arm.get(path);
        if (existing.isNotFound()) {
            return restore(source, pointInTime, name, path);
        }
        JsonNode server = ArmClient.requireSuccess("GET dump source " + name, existing).body();
        requireOurs(name, server);
        String point = server.path("tags").path(POINT_TAG).asText("");
        if (!point.equals(pointInTime.toString())) {
            throw new IllegalStateException("dump source " + name + " holds " + source + " at " + UntrustedText.quoted(point)
                    + ", not at " + pointInTime + ": the parts of one dump must read one point");
        }
        JsonNode properties = server.path("properties");
        String state = properties.path("state").asText("Unknown");
        if (!"Ready".equals(state)) {
            if ("Disabled".equals(state) || "Dropping".equals(state)) {
                throw new IllegalStateException("dump source " + name + " is " + state);
            }
            return Progress.pending(POLL, name + " is " + state);
        }
        return Progress.ready(new DumpSource(name, properties.path("fullyQualifiedDomainName").asText(),
                settings.port(), settings.databaseName(), pointInTime, settings.adminSecretUri(),
                Map.of("user", properties.path("administratorLogin").asText(""), "createMode", "PointInTimeRestore")));
    }

    private Progress<DumpSource> restore(DatabaseId source, Instant pointInTime, String name, String path) {
        String operation = "point-in-time restore of " + source + " at " + pointInTime + " into dump source " + name;
        LongRunning.Failed last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleeper.sleep(settings.retryAfter());
            }
            LongRunning outcome = arm.follow(operation, arm.put(path, restoreBody(source, pointInTime, name)));
            if (outcome instanceof LongRunning.Failed failed) {
                last = failed;
                continue;
            }
            return Progress.pending(outcome instanceof LongRunning.Running running ? running.checkAgainAfter() : Duration.ZERO,
                    operation + " requested");
        }
        throw new IllegalStateException(operation + " failed after " + settings.attempts() + " attempts: " + last.code() + ": "
                + UntrustedText.bounded(last.message(), UntrustedText.MAX_CHARS));
    }

    ObjectNode restoreBody(DatabaseId source, Instant pointInTime, String name) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("location", settings.region());
        body.putObject("tags").put(TAG, name).put(POINT_TAG, pointInTime.toString());
        ObjectNode properties = body.putObject("properties");
        properties.put("createMode", "PointInTimeRestore");
        properties.put("sourceServerResourceId", servers.serverPath(source.value()));
        properties.put("pointInTimeUTC", pointInTime.toString());
        return body;
    }

    /** Deletes the server only when it is named and tagged as one this suite made; gone already is done. */
    @Override
    public Progress<String> release(String name) {
        requireOurName(name);
        String path = servers.serverPath(name);
        ArmResponse existing = arm.get(path);
        if (existing.isNotFound()) {
            return Progress.ready(name);
        }
        requireOurs(name, ArmClient.requireSuccess("GET dump source " + name, existing).body());
        String operation = "delete dump source " + name;
        ArmResponse response = arm.delete(path);
        if (response.isNotFound() || response.status() == 204) {
            return Progress.ready(name);
        }
        LongRunning outcome = arm.follow(operation, response);
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            return Progress.pending(running.checkAgainAfter(), operation + " is " + running.status());
        }
        return Progress.ready(name);
    }

    /** The restore and the delete a dump in parts makes, for dry-runs. */
    @SuppressWarnings("unchecked")
    public List<PlannedCall> planned(DatabaseId source, Instant pointInTime, String name) {
        String path = servers.serverPath(name) + "?api-version=" + ArmClient.API_VERSION;
        return List.of(new PlannedCall("arm", "PUT", path, Json.MAPPER.convertValue(restoreBody(source, pointInTime, name), Map.class)),
                new PlannedCall("arm", "DELETE", path, Map.of()));
    }

    private static void requireOurName(String name) {
        if (name == null || !name.startsWith(PREFIX) || name.length() > 63) {
            throw new IllegalArgumentException("dump sources are named " + PREFIX + "* (at most 63 characters), refusing "
                    + UntrustedText.quoted(name));
        }
    }

    private static void requireOurs(String name, JsonNode server) {
        if (!name.equals(server.path("tags").path(TAG).asText(null))) {
            throw new IllegalStateException("server " + name + " is not a dump source this suite created (no " + TAG
                    + " tag naming it): refusing to touch it");
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.DBforPostgreSQL/flexibleServers/read",
                "Microsoft.DBforPostgreSQL/flexibleServers/write",
                "Microsoft.DBforPostgreSQL/flexibleServers/delete");
    }
}

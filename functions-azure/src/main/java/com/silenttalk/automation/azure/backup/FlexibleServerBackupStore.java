package com.silenttalk.automation.azure.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.ArmException;
import com.silenttalk.automation.azure.runtime.ArmResponse;
import com.silenttalk.automation.azure.runtime.LongRunning;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotNotFoundException;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The on-demand backups of the configured Flexible Servers in the primary region, through
 * the documented ARM REST API ({@code PUT/GET/DELETE .../flexibleServers/{s}/backups/{name}},
 * api-version 2024-08-01), which the available management library does not offer. Backup
 * names are the window's snapshot ids, so a second request for a window finds the first
 * backup. Manifests and verification marks live beside the logical dumps in Blob storage.
 * A backup counts as taken once it has completed and its logical dump and manifest are in
 * Blob storage: the dump is what the cross-region copy carries.
 */
public final class FlexibleServerBackupStore implements SnapshotStore {
    /** ARM's {@code properties.backupType} of a backup someone asked for (as opposed to "Full", the automatic ones). */
    public static final String ON_DEMAND = "Customer On-Demand";
    static final Duration RUNNING_CHECK_AGAIN = Duration.ofMinutes(2);

    /** Makes the logical dump of a server and its manifest in the primary backup container. */
    @FunctionalInterface
    public interface LogicalDumps {
        SnapshotManifest dump(DatabaseId database, SnapshotId id);

        /** The database's size when it is too large for one activity's dump: its window starts a ChunkedDump instead. */
        default OptionalLong tooLargeForOneActivity(DatabaseId database) {
            return OptionalLong.empty();
        }

        /** Makes the dump, unless the database is too large for one activity: then writes nothing and answers false. */
        default boolean dumpUnlessTooLarge(DatabaseId database, SnapshotId id) {
            dump(database, id);
            return true;
        }
    }

    private final ArmClient arm;
    private final FlexibleServer servers;
    private final String region;
    private final Set<DatabaseId> databases;
    private final BackupBlobs blobs;
    private final LogicalDumps dumps;
    private final Clock clock;

    public FlexibleServerBackupStore(ArmClient arm, FlexibleServer servers, String region, Set<DatabaseId> databases,
                                     BackupBlobs blobs, LogicalDumps dumps, Clock clock) {
        this.arm = arm;
        this.servers = servers;
        this.region = region;
        this.databases = Set.copyOf(databases);
        this.blobs = blobs;
        this.dumps = dumps;
        this.clock = clock;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        requireConfigured(database);
        String path = servers.backupPath(database.value(), id.value());
        ArmResponse existing = arm.get(path);
        refuseWhenDenied(database, existing);
        if (existing.isSuccess()) {
            return readyWhenCompleted(database, id, existing.body(), now);
        }
        if (!existing.isNotFound()) {
            ArmClient.requireSuccess("GET backup " + id + " of " + database, existing);
        }
        String operation = "on-demand backup " + id + " of " + database;
        ArmResponse accepted = arm.put(path, null);
        refuseWhenDenied(database, accepted);
        LongRunning outcome = arm.follow(operation, accepted);
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            return Progress.pending(running.checkAgainAfter().compareTo(RUNNING_CHECK_AGAIN) > 0
                    ? running.checkAgainAfter() : RUNNING_CHECK_AGAIN, operation + " is " + running.status());
        }
        JsonNode body = accepted.body().has("properties") ? accepted.body() : arm.get(path).body();
        return readyWhenCompleted(database, id, body, now);
    }

    /** ARM's 403: the managed identity has no role assignment where the server lives (its own subscription). */
    private void refuseWhenDenied(DatabaseId database, ArmResponse response) {
        if (response.status() == 403) {
            throw new SubscriptionDeniedException(servers.locationOf(database.value()).subscriptionId(), response.errorCode());
        }
    }

    /** A backup ARM lists without a completion time is still being taken: ask again later. */
    private Progress<Snapshot> readyWhenCompleted(DatabaseId database, SnapshotId id, JsonNode backup, Instant now) {
        if (!backup.path("properties").hasNonNull("completedTime")) {
            return Progress.pending(RUNNING_CHECK_AGAIN, "backup " + id + " of " + database + " has not completed");
        }
        if (blobs.manifest(id).isEmpty()) {
            // a retry after a failed dump makes it again; a finished one is never redone; a large one is left to a ChunkedDump
            dumps.dumpUnlessTooLarge(database, id);
        }
        return Progress.ready(toSnapshot(database, backup, Map.of(), now));
    }

    /**
     * The point a ChunkedDump of this snapshot reads (its backup's completion time), when the database is too large
     * for one activity's dump and the snapshot has no manifest yet; empty when its dump is made (or was) in one piece.
     */
    public Optional<Instant> dumpInPartsFrom(DatabaseId database, SnapshotId id) {
        requireConfigured(database);
        if (blobs.manifest(id).isPresent() || dumps.tooLargeForOneActivity(database).isEmpty()) {
            return Optional.empty();
        }
        JsonNode backup = ArmClient.requireSuccess("GET backup " + id + " of " + database,
                arm.get(servers.backupPath(database.value(), id.value()))).body();
        String completed = backup.path("properties").path("completedTime").asText("");
        if (completed.isBlank()) {
            throw new IllegalStateException("backup " + id + " of " + database + " has not completed: no point to dump in parts from");
        }
        return Optional.of(OffsetDateTime.parse(completed).toInstant());
    }

    /** The call {@link #take} makes for a new window, for dry-runs. */
    public PlannedCall plannedTake(DatabaseId database, SnapshotId id) {
        requireConfigured(database);
        return new PlannedCall("arm", "PUT", servers.backupPath(database.value(), id.value())
                + "?api-version=" + ArmClient.API_VERSION, Map.of());
    }

    @Override
    public List<Snapshot> list() {
        Instant now = clock.instant();
        Map<SnapshotId, Map<String, String>> dumps = blobs.dumps();
        List<Snapshot> out = new ArrayList<>();
        for (DatabaseId database : databases) {
            String next = servers.serverPath(database.value()) + "/backups";
            ArmResponse page = ArmClient.requireSuccess("list backups of " + database, arm.get(next));
            collect(database, page.body(), dumps, now, out);
            while (page.body().hasNonNull("nextLink")) {
                java.net.URI link = java.net.URI.create(page.body().get("nextLink").asText());
                page = ArmClient.requireSuccess("list backups of " + database, arm.get(link.getRawPath()
                        + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery().replaceAll("(^|&)api-version=[^&]*", ""))));
                collect(database, page.body(), dumps, now, out);
            }
        }
        return out;
    }

    private void collect(DatabaseId database, JsonNode page, Map<SnapshotId, Map<String, String>> dumps, Instant now,
                         List<Snapshot> out) {
        for (JsonNode backup : page.path("value")) {
            if (!ON_DEMAND.equals(backup.path("properties").path("backupType").asText())) {
                continue; // automatic backups are the service's, never ours to prune
            }
            try {
                SnapshotId id = new SnapshotId(backup.path("name").asText());
                out.add(toSnapshot(database, backup, dumps.getOrDefault(id, Map.of()), now));
            } catch (InvalidFieldException notOurs) {
                // on-demand backups named by hand (underscores, capitals) are not the suite's
            }
        }
    }

    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        return blobs.manifest(id);
    }

    /**
     * The dump and manifest under their immutability policies. The on-demand backup itself has no lock the suite could
     * not lift, so even a locked dump leaves the snapshot deletable by the suite.
     */
    @Override
    public CopyLock lockOf(Snapshot snapshot, Instant now) {
        CopyLock artifacts = blobs.lockOf(snapshot.id(), now);
        if (!artifacts.holdsAt(now)) {
            return artifacts;
        }
        return CopyLock.until(artifacts.retainUntil(), artifacts.mode(), true,
                artifacts.evidence() + "; the server's on-demand backup can be deleted");
    }

    @Override
    public void delete(Snapshot snapshot) {
        if (!snapshot.id().value().startsWith(SnapshotWindow.SUITE_PREFIX)) {
            throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": the suite did not name it");
        }
        // deleting the server's backup and then failing on a locked dump would leave half a snapshot
        Instant now = clock.instant();
        CopyLock lock = lockOf(snapshot, now);
        if (lock.holdsAt(now)) {
            throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": " + lock.statement());
        }
        String operation = "delete backup " + snapshot.ref();
        ArmResponse response = arm.delete(servers.backupPath(snapshot.database().value(), snapshot.id().value()));
        if (response.isNotFound()) {
            deleteArtifacts(snapshot.id());
            return;
        }
        LongRunning outcome = arm.follow(operation, response);
        if (outcome instanceof LongRunning.Failed failed) {
            throw new ArmException(operation, 200, failed.code(), failed.message());
        }
        if (outcome instanceof LongRunning.Running running) {
            throw new IllegalStateException(operation + " is still " + running.status() + "; the next prune checks again");
        }
        deleteArtifacts(snapshot.id());
    }

    private void deleteArtifacts(SnapshotId id) {
        blobs.dump(id).deleteIfExists();
        blobs.manifestBlob(id).deleteIfExists();
    }

    @Override
    public void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        var dump = blobs.dump(id);
        // the mark lives on the dump: without one there is nothing a drill could have restored from
        Map<String, String> metadata = new HashMap<>(blobs.metadata(dump).orElseThrow(() ->
                new SnapshotNotFoundException(id, "region " + region + " (no dump)", "mark " + status)));
        metadata.put(BackupBlobs.META_VERIFICATION, status.name());
        metadata.put(BackupBlobs.META_VERIFIED_AT, at.toString());
        dump.setMetadata(metadata);
    }

    @Override
    public List<String> requiredActions() {
        return List.of("Microsoft.DBforPostgreSQL/flexibleServers/read",
                "Microsoft.DBforPostgreSQL/flexibleServers/backups/read",
                "Microsoft.DBforPostgreSQL/flexibleServers/backups/write",
                "Microsoft.DBforPostgreSQL/flexibleServers/backups/delete",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete");
    }

    private Snapshot toSnapshot(DatabaseId database, JsonNode backup, Map<String, String> dumpMetadata, Instant now) {
        String name = backup.path("name").asText();
        String completed = backup.path("properties").path("completedTime").asText(null);
        Instant createdAt = completed == null ? now : OffsetDateTime.parse(completed).toInstant();
        VerificationStatus verification = VerificationStatus.fromMark(dumpMetadata.get(BackupBlobs.META_VERIFICATION));
        return new Snapshot(new SnapshotId(name), database, region, createdAt,
                name.startsWith(SnapshotWindow.SUITE_PREFIX), verification, Optional.empty());
    }

    private void requireConfigured(DatabaseId database) {
        if (!databases.contains(database)) {
            throw new InvalidFieldException("database", UntrustedText.quoted(database) + " is not configured in ST_DATABASES");
        }
    }
}

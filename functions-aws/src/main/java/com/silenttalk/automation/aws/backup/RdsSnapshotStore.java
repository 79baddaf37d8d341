package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotHeadroom;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotNotFoundException;
import com.silenttalk.automation.core.backup.SnapshotRef;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.core.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The manual snapshots of one region on RDS: DB instance snapshots and Aurora cluster
 * snapshots. Names are deterministic per window, so "already exists" is success; only
 * suite-tagged snapshots can be deleted; the 100-manual-snapshot quota is checked before
 * asking for a new one.
 */
public final class RdsSnapshotStore implements SnapshotStore, SnapshotHeadroom {
    /** RDS's default quota of manual snapshots per region, for instances and for clusters alike. */
    public static final int MANUAL_SNAPSHOT_QUOTA = 100;
    static final Duration CREATING_CHECK_AGAIN = Duration.ofMinutes(2);

    private final Supplier<RdsClient> rds;
    private final String region;
    private final String accountId;
    private final Map<DatabaseId, RdsKind> databases;
    private final ManifestSource manifests;
    private final Clock clock;

    public RdsSnapshotStore(RdsClient rds, String region, String accountId, Map<DatabaseId, RdsKind> databases,
                            ManifestSource manifests, Clock clock) {
        this(() -> rds, region, accountId, databases, manifests, clock);
    }

    /** With the client built on first use: a store a function may never call costs nothing at cold start. */
    public RdsSnapshotStore(Supplier<RdsClient> rds, String region, String accountId, Map<DatabaseId, RdsKind> databases,
                            ManifestSource manifests, Clock clock) {
        this.rds = rds;
        this.region = region;
        this.accountId = accountId;
        this.databases = Map.copyOf(databases);
        this.manifests = manifests;
        this.clock = clock;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        RdsKind kind = kindOf(database);
        try {
            Described made;
            if (kind == RdsKind.INSTANCE) {
                made = toSnapshot(rds.get().createDBSnapshot(r -> r.dbInstanceIdentifier(database.value())
                        .dbSnapshotIdentifier(id.value()).tags(SuiteTags.forSnapshot(database))).dbSnapshot(), now);
            } else {
                made = toSnapshot(rds.get().createDBClusterSnapshot(r -> r.dbClusterIdentifier(database.value())
                        .dbClusterSnapshotIdentifier(id.value()).tags(SuiteTags.forSnapshot(database))).dbClusterSnapshot(), now);
            }
            return progressOf(made);
        } catch (DbSnapshotAlreadyExistsException | DbClusterSnapshotAlreadyExistsException e) {
            // The name is this window's: an earlier delivery already asked for it.
            return describe(id, kind).map(RdsSnapshotStore::progressOf)
                    .orElseThrow(() -> new IllegalStateException("RDS says " + id + " exists in " + region
                            + " but does not describe it"));
        } catch (SnapshotQuotaExceededException e) {
            throw new SnapshotQuotaException("RDS refused snapshot " + id + " of " + database + " in " + region
                    + ": the manual snapshot quota is full (" + e.awsErrorDetails().errorMessage() + ")");
        }
    }

    /** The calls {@link #take} makes for a new window, for dry-runs. */
    public PlannedCall plannedTake(DatabaseId database, SnapshotId id) {
        Map<String, Object> params = new LinkedHashMap<>();
        boolean instance = kindOf(database) == RdsKind.INSTANCE;
        params.put(instance ? "DBInstanceIdentifier" : "DBClusterIdentifier", database.value());
        params.put(instance ? "DBSnapshotIdentifier" : "DBClusterSnapshotIdentifier", id.value());
        params.put("Tags", tagMap(SuiteTags.forSnapshot(database)));
        return new PlannedCall("rds", instance ? "CreateDBSnapshot" : "CreateDBClusterSnapshot", region, params);
    }

    public List<PlannedCall> plannedList() {
        return List.of(new PlannedCall("rds", "DescribeDBSnapshots", region, Map.of("SnapshotType", "manual")),
                new PlannedCall("rds", "DescribeDBClusterSnapshots", region, Map.of("SnapshotType", "manual")));
    }

    /** Manual snapshots of this kind in the region, the suite's and everyone else's: the quota counts them all. */
    public int manualSnapshotCount(RdsKind kind) {
        if (kind == RdsKind.INSTANCE) {
            return rds.get().describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots().stream()
                    .mapToInt(s -> 1).sum();
        }
        return rds.get().describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).dbClusterSnapshots().stream()
                .mapToInt(s -> 1).sum();
    }

    /** Room left under the quota for the database's kind of snapshot. */
    public int quotaHeadroom(DatabaseId database) {
        return MANUAL_SNAPSHOT_QUOTA - manualSnapshotCount(kindOf(database));
    }

    @Override
    public int headroom(DatabaseId database) {
        return quotaHeadroom(database);
    }

    @Override
    public String quota() {
        return "the manual snapshot quota (" + MANUAL_SNAPSHOT_QUOTA + ") in " + region;
    }

    @Override
    public List<Snapshot> list() {
        Instant now = clock.instant();
        List<Snapshot> out = new ArrayList<>();
        rds.get().describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots()
                .forEach(s -> toListed(s, now).ifPresent(out::add));
        rds.get().describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).dbClusterSnapshots()
                .forEach(s -> toListed(s, now).ifPresent(out::add));
        return out;
    }

    /** The newest available suite snapshot of a database in this region. */
    public Optional<Snapshot> latestAvailable(DatabaseId database) {
        return availableNewestFirst(database).stream().findFirst();
    }

    /** The available suite snapshots of a database in this region, newest first (what a drill may restore). */
    public List<Snapshot> availableNewestFirst(DatabaseId database) {
        Instant now = clock.instant();
        RdsKind kind = kindOf(database);
        List<Described> all = new ArrayList<>();
        if (kind == RdsKind.INSTANCE) {
            rds.get().describeDBSnapshotsPaginator(r -> r.snapshotType("manual")).dbSnapshots().forEach(s -> {
                try {
                    all.add(toSnapshot(s, now));
                } catch (InvalidFieldException e) {
                    // not a suite name
                }
            });
        } else {
            rds.get().describeDBClusterSnapshotsPaginator(r -> r.snapshotType("manual")).dbClusterSnapshots().forEach(s -> {
                try {
                    all.add(toSnapshot(s, now));
                } catch (InvalidFieldException e) {
                    // not a suite name
                }
            });
        }
        return all.stream()
                .filter(d -> "available".equals(d.status()) && d.snapshot().createdBySuite()
                        && d.snapshot().database().equals(database) && d.snapshot().verification() != VerificationStatus.FAILED)
                .map(Described::snapshot)
                .sorted(java.util.Comparator.comparing(Snapshot::createdAt).thenComparing(s -> s.id().value()).reversed())
                .toList();
    }

    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        return manifests.manifest(id);
    }

    @Override
    public void delete(Snapshot snapshot) {
        RdsKind kind = kindOrInstance(snapshot.database());
        Optional<Map<String, String>> held = currentTags(snapshot.id(), kind);
        if (held.isEmpty()) {
            return; // already gone (a retried prune): done, nothing to send
        }
        Map<String, String> tags = held.get();
        if (!SuiteTags.madeBySuite(tags)) {
            throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": it does not carry "
                    + SuiteTags.CREATED_BY + "=" + SuiteTags.CREATED_BY_VALUE);
        }
        if (kind == RdsKind.INSTANCE) {
            rds.get().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshot.id().value()));
        } else {
            rds.get().deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(snapshot.id().value()));
        }
    }

    @Override
    public void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        RdsKind kind;
        if (describe(id, RdsKind.INSTANCE).isPresent()) {
            kind = RdsKind.INSTANCE;
        } else if (describe(id, RdsKind.CLUSTER).isPresent()) {
            kind = RdsKind.CLUSTER;
        } else {
            throw new SnapshotNotFoundException(id, "region " + region, "mark " + status);
        }
        rds.get().addTagsToResource(r -> r.resourceName(arn(id, kind)).tags(
                SuiteTags.tag(SuiteTags.VERIFICATION, status.name()),
                SuiteTags.tag(SuiteTags.VERIFIED_AT, at.toString())));
    }

    /**
     * A manual RDS snapshot has no retention lock: whoever holds rds:DeleteDBSnapshot on it can delete it, and the
     * pruner's role holds it for the suite's tagged snapshots.
     */
    @Override
    public CopyLock lockOf(Snapshot snapshot, Instant now) {
        return CopyLock.notImmutable("RDS manual snapshot " + snapshot.ref() + ": RDS has no retention lock for manual"
                + " snapshots; the retention pruner's role may delete the suite's tagged ones");
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(List.of("rds:CreateDBSnapshot", "rds:CreateDBClusterSnapshot",
                "rds:DescribeDBSnapshots", "rds:DescribeDBClusterSnapshots", "rds:DeleteDBSnapshot",
                "rds:DeleteDBClusterSnapshot", "rds:AddTagsToResource"));
        actions.addAll(manifests.requiredActions());
        return List.copyOf(actions);
    }

    public String arn(SnapshotId id, RdsKind kind) {
        return "arn:aws:rds:" + region + ":" + accountId + (kind == RdsKind.INSTANCE ? ":snapshot:" : ":cluster-snapshot:")
                + id.value();
    }

    Optional<Described> describe(SnapshotId id, RdsKind kind) {
        Instant now = clock.instant();
        try {
            if (kind == RdsKind.INSTANCE) {
                return rds.get().describeDBSnapshots(r -> r.dbSnapshotIdentifier(id.value())).dbSnapshots().stream()
                        .findFirst().map(s -> toSnapshot(s, now));
            }
            return rds.get().describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(id.value())).dbClusterSnapshots()
                    .stream().findFirst().map(s -> toSnapshot(s, now));
        } catch (DbSnapshotNotFoundException | DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Status of a described snapshot: available, creating, copying, failed... */
    static Progress<Snapshot> progressOf(Described described) {
        if ("available".equals(described.status())) {
            return Progress.ready(described.snapshot());
        }
        if ("failed".equals(described.status()) || "deleting".equals(described.status())) {
            throw new IllegalStateException("snapshot " + described.snapshot().ref() + " is " + described.status());
        }
        return Progress.pending(CREATING_CHECK_AGAIN, described.status());
    }

    private Optional<Map<String, String>> currentTags(SnapshotId id, RdsKind kind) {
        try {
            if (kind == RdsKind.INSTANCE) {
                return rds.get().describeDBSnapshots(r -> r.dbSnapshotIdentifier(id.value())).dbSnapshots().stream()
                        .findFirst().map(s -> SuiteTags.asMap(s.tagList()));
            }
            return rds.get().describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier(id.value())).dbClusterSnapshots()
                    .stream().findFirst().map(s -> SuiteTags.asMap(s.tagList()));
        } catch (DbSnapshotNotFoundException | DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A snapshot and the status RDS reported with it. */
    record Described(Snapshot snapshot, String status) {
    }

    private Described toSnapshot(DBSnapshot s, Instant now) {
        Instant created = firstNonNull(s.originalSnapshotCreateTime(), s.snapshotCreateTime(), now);
        return new Described(snapshot(s.dbSnapshotIdentifier(), s.dbInstanceIdentifier(), created, s.tagList()), s.status());
    }

    private Described toSnapshot(DBClusterSnapshot s, Instant now) {
        Instant created = firstNonNull(null, s.snapshotCreateTime(), now);
        return new Described(snapshot(s.dbClusterSnapshotIdentifier(), s.dbClusterIdentifier(), created, s.tagList()),
                s.status());
    }

    /** Snapshots whose names are not valid suite identifiers are not ours and are left out (they are never deleted). */
    private Optional<Snapshot> toListed(DBSnapshot s, Instant now) {
        try {
            return Optional.of(toSnapshot(s, now).snapshot());
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    private Optional<Snapshot> toListed(DBClusterSnapshot s, Instant now) {
        try {
            return Optional.of(toSnapshot(s, now).snapshot());
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    private Snapshot snapshot(String id, String sourceDb, Instant createdAt, List<Tag> tagList) {
        Map<String, String> tags = SuiteTags.asMap(tagList);
        DatabaseId database = new DatabaseId(tags.getOrDefault(SuiteTags.DATABASE, sourceDb));
        VerificationStatus verification = VerificationStatus.fromMark(tags.get(SuiteTags.VERIFICATION));
        Optional<SnapshotRef> copiedFrom = Optional.ofNullable(tags.get(SuiteTags.COPIED_FROM)).map(RdsSnapshotStore::parseRef);
        return new Snapshot(new SnapshotId(id), database, region, createdAt, SuiteTags.madeBySuite(tags), verification,
                copiedFrom);
    }

    static SnapshotRef parseRef(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new InvalidFieldException(SuiteTags.COPIED_FROM, UntrustedText.quoted(text) + " must be region/snapshot-id");
        }
        return new SnapshotRef(text.substring(0, slash), new SnapshotId(text.substring(slash + 1)));
    }

    private RdsKind kindOf(DatabaseId database) {
        RdsKind kind = databases.get(database);
        if (kind == null) {
            throw new InvalidFieldException("database", UntrustedText.quoted(database) + " is not configured in ST_DATABASES");
        }
        return kind;
    }

    private RdsKind kindOrInstance(DatabaseId database) {
        return databases.getOrDefault(database, RdsKind.INSTANCE);
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private static Instant firstNonNull(Instant a, Instant b, Instant fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}

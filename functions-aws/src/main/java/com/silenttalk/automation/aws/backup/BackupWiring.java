package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.ledger.RdsRequestBudget;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.MemberAccountCredentials;
import com.silenttalk.automation.aws.runtime.EventEnvelope;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The backup capability's wiring on AWS: the suite's snapshot stores in the primary and DR regions, the ledger and
 * the clock, and the use cases the backup functions run over them. Built once per container; builds no client.
 */
public record BackupWiring(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RunLedger ledger, Clock clock,
                           Optional<MemberAccountCredentials> members) {
    /** Every database in the primary store's account and region (or the functions that never reach another). */
    public BackupWiring(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RunLedger ledger, Clock clock) {
        this(settings, primary, dr, ledger, clock, Optional.empty());
    }

    /** The pruner lists and deletes snapshots in both regions, and records its run. */
    static final List<String> PRUNER_ACTIONS = Stream.concat(Stream.of("rds:DescribeDBSnapshots",
            "rds:DescribeDBClusterSnapshots", "rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot"),
            DynamoDbRunLedger.REQUIRED_ACTIONS.stream()).distinct().sorted().toList();

    /**
     * The container's stores: the backup functions never read a manifest (only the drill does), so nothing on their
     * path reaches the S3 client and their artifact (lambda-backup.jar) carries no S3 module.
     */
    public static BackupWiring of(AwsWiring w) {
        return new BackupWiring(w.settings(), primaryStore(w, ManifestSource.NONE), drStore(w, ManifestSource.NONE),
                DynamoDbRunLedger.of(w), w.clock());
    }

    /**
     * A fan-out branch's stores: as {@link #of}, every RDS request of both regions also under the shared budget of
     * the suite's account and region when there is one; and, when ST_DATABASES places some database elsewhere, how the
     * branch reaches it ({@link #takeSnapshotsWhereItLives}).
     */
    public static BackupWiring ofBranch(AwsWiring w, Optional<RdsRequestBudget> budget) {
        AwsSettings s = w.settings();
        if (budget.isEmpty()) {
            BackupWiring b = of(w);
            return new BackupWiring(s, b.primary(), b.dr(), b.ledger(), b.clock(), membersIfNeeded(w));
        }
        RdsSnapshotStore primary = new RdsSnapshotStore(w.clients().rds(s.region(), budget.get().interceptorFor(
                new Placement(s.accountId(), s.region()))), s.region(), s.accountId(), s.databases(), ManifestSource.NONE, w.clock());
        RdsSnapshotStore dr = new RdsSnapshotStore(() -> w.clients().rds(s.drRegion(), budget.get().interceptorFor(
                new Placement(s.accountId(), s.drRegion()))), s.drRegion(), s.accountId(), s.databases(), ManifestSource.NONE, w.clock());
        return new BackupWiring(s, primary, dr, DynamoDbRunLedger.of(w), w.clock(), membersIfNeeded(w));
    }

    /**
     * The scheduler's: as {@link #of}, and how it reaches databases outside the suite's own account and region
     * (ST_DATABASES's {@code @account/region}), built only when some are, so a single-account container has no STS client.
     */
    public static BackupWiring withMemberAccounts(AwsWiring w) {
        BackupWiring b = of(w);
        return new BackupWiring(w.settings(), b.primary(), b.dr(), b.ledger(), b.clock(), membersIfNeeded(w));
    }

    private static Optional<MemberAccountCredentials> membersIfNeeded(AwsWiring w) {
        AwsSettings s = w.settings();
        boolean elsewhere = s.placements().values().stream()
                .anyMatch(p -> !p.account().equals(s.accountId()) || !p.region().equals(s.region()));
        return elsewhere ? Optional.of(MemberAccountCredentials.of(w)) : Optional.empty();
    }

    /**
     * A fan-out branch's snapshot of ONE database where it lives: in the suite's own account and region
     * {@link #takeSnapshots()}; elsewhere over that placement's RDS (in a member account with the member role's session
     * for the window), its requests also under {@code budget}'s bucket of that placement, pruning only its own region.
     *
     * @throws com.silenttalk.automation.aws.runtime.MemberAccountDeniedException when the account refuses the member role
     */
    TakeSnapshots takeSnapshotsWhereItLives(DatabaseId database, SnapshotWindow window, Optional<RdsRequestBudget> budget) {
        Placement placement = settings.placementOf(database);
        List<ExecutionInterceptor> pacing = budget.map(b -> List.of(b.interceptorFor(placement))).orElse(List.of());
        return new PlacedSnapshotStores(settings, primary, members, ledger, clock).takeSnapshots(placement,
                MemberAccountCredentials.sessionName("snapshot-branch", window.start()), pacing, takeSnapshots());
    }

    /** The window's snapshot of each database where it lives (its account and region): see {@link PlacedSnapshotStores#takeAll}. */
    PlacedSnapshotStores.Taken takeEverywhere(SnapshotWindow window) {
        return new PlacedSnapshotStores(settings, primary, members, ledger, clock).takeAll(databases(), window, policy(), takeSnapshots());
    }

    public static RdsSnapshotStore primaryStore(AwsWiring w, ManifestSource manifests) {
        AwsSettings s = w.settings();
        return new RdsSnapshotStore(w.clients().rds(s.region()), s.region(), s.accountId(), s.databases(), manifests, w.clock());
    }

    public static RdsSnapshotStore drStore(AwsWiring w, ManifestSource manifests) {
        AwsSettings s = w.settings();
        return new RdsSnapshotStore(() -> w.clients().rds(s.drRegion()), s.drRegion(), s.accountId(), s.databases(), manifests,
                w.clock());
    }

    public static RdsCrossRegionCopier copier(AwsWiring w) {
        AwsSettings s = w.settings();
        return new RdsCrossRegionCopier(drStore(w, ManifestSource.NONE), w.clients().rds(s.drRegion()), s.accountId(),
                s.drKmsKeyId(), s::kindOf);
    }

    /** The six-hourly snapshot within the primary region's quota, pruning both regions when it is full. */
    public TakeSnapshots takeSnapshots() {
        return new TakeSnapshots(primary, primary, prune(), ledger, clock);
    }

    /** The copier's work over {@link com.silenttalk.automation.core.backup.ReplicateSnapshot}, with this copier. */
    CopySweep copySweep(RdsCrossRegionCopier copier) {
        return new CopySweep(this, copier);
    }

    /** Retention over both regions at once: copies are judged with their sources. */
    public PruneSnapshots prune() {
        return new PruneSnapshots(List.of(primary, dr), ledger, clock);
    }

    public List<DatabaseId> databases() {
        return List.copyOf(settings.databases().keySet());
    }

    public BackupPolicy policy() {
        return settings.policy();
    }

    /** The snapshot window a scheduled event names by its {@code time}, however late it is delivered. */
    public SnapshotWindow windowOf(EventEnvelope scheduled) {
        return SnapshotWindow.containing(scheduled.time(), settings.policy().interval());
    }

    /** The listings of both regions, which every plan over both starts with. */
    List<PlannedCall> plannedListings() {
        List<PlannedCall> calls = new ArrayList<>(primary.plannedList());
        calls.addAll(dr.plannedList());
        return calls;
    }

    /** The calls of a six-hourly snapshot: the quota's listing, then one create per database. */
    List<PlannedCall> plannedTakes(SnapshotWindow window) {
        return plannedTakes(window, databases());
    }

    /** As {@link #plannedTakes(SnapshotWindow)}, for the given databases only (a fan-out branch: one). */
    List<PlannedCall> plannedTakes(SnapshotWindow window, List<DatabaseId> databases) {
        List<PlannedCall> calls = new ArrayList<>(primary.plannedList());
        for (DatabaseId db : databases) {
            calls.add(primary.plannedTake(db, window.snapshotIdFor(db)));
        }
        return calls;
    }

    /**
     * The scheduler's: {@link #schedulerActions()} and sts:AssumeRole (on the member role only, template.yaml), granted
     * whether or not a member account is configured.
     */
    List<String> schedulerActionsAcrossAccounts() {
        return Stream.concat(schedulerActions().stream(), MemberAccountCredentials.REQUIRED_ACTIONS.stream()).distinct().sorted().toList();
    }

    /** The store's own actions (take, list, prune) and the ledger's; the census and its manifests are snapshot-census's. */
    List<String> schedulerActions() {
        List<String> actions = new ArrayList<>(primary.requiredActions().stream().filter(a -> a.startsWith("rds:")).toList());
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }
}

package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsSettings.Placement;
import com.silenttalk.automation.aws.runtime.MemberAccountCredentials;
import com.silenttalk.automation.aws.runtime.MemberAccountDeniedException;
import com.silenttalk.automation.core.backup.BackupPolicy;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.PruneSnapshots;
import com.silenttalk.automation.core.backup.TakeSnapshots;
import com.silenttalk.automation.core.ledger.RunLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The snapshot stores of the databases' placements (issue #18): the suite's primary store for its own account and
 * region, and for every other account or region a store over that placement's RDS, in a member account signed with
 * the member role's session ({@link MemberAccountCredentials}). Each placement snapshots within its own quota and
 * prunes only its own region when full.
 */
final class PlacedSnapshotStores {
    private final AwsSettings settings;
    private final RdsSnapshotStore primary;
    private final Optional<MemberAccountCredentials> members;
    private final RunLedger ledger;
    private final Clock clock;

    /** @param members empty when every database is in the primary store's account and region */
    PlacedSnapshotStores(AwsSettings settings, RdsSnapshotStore primary, Optional<MemberAccountCredentials> members,
                         RunLedger ledger, Clock clock) {
        this.settings = settings;
        this.primary = primary;
        this.members = members;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** An account whose member role STS refused, and its databases, skipped this time. */
    record Denial(String account, String reason, List<DatabaseId> databases) {
        Denial {
            databases = List.copyOf(databases);
        }

        /** The one ERROR line an account's refusal is: the account, why, its skipped databases (never the external id). */
        Map<String, Object> logLine() {
            return Map.of("account", account, "error", reason, "databases", databases.stream().map(DatabaseId::value).toList());
        }
    }

    /** A six-hourly snapshot everywhere: the outcomes (their skips are the quota's) and the accounts that refused. */
    record Taken(TakeSnapshots.Outcomes outcomes, List<Denial> denials) {
        Taken {
            denials = List.copyOf(denials);
        }

        /** The quota's skips, then the refused accounts' databases. */
        List<TakeSnapshots.Skipped> skipped() {
            List<TakeSnapshots.Skipped> all = new ArrayList<>(outcomes.skipped());
            denials.forEach(d -> d.databases().forEach(db -> all.add(new TakeSnapshots.Skipped(db, d.reason()))));
            return all;
        }
    }

    /**
     * Per placement in ST_DATABASES's order, each within its own quota; the primary placement by {@code primaryTakes}
     * (which prunes both of the suite's regions when full). An account whose member role STS denies is a
     * {@link Denial}: its databases are skipped, the others still snapshot.
     */
    Taken takeAll(List<DatabaseId> databases, SnapshotWindow window, BackupPolicy policy, TakeSnapshots primaryTakes) {
        String session = MemberAccountCredentials.sessionName("snapshot", window.start());
        List<TakeSnapshots.Result> results = new ArrayList<>();
        List<TakeSnapshots.Skipped> skipped = new ArrayList<>();
        List<Denial> denials = new ArrayList<>();
        boolean pruned = false;
        for (Map.Entry<Placement, List<DatabaseId>> at : byPlacement(databases).entrySet()) {
            TakeSnapshots takes;
            try {
                takes = takeSnapshots(at.getKey(), session, List.of(), primaryTakes);
            } catch (MemberAccountDeniedException refused) {
                denials.add(new Denial(refused.account(), refused.getMessage(), at.getValue()));
                continue;
            }
            TakeSnapshots.Outcomes here = takes.executeWithinQuota(at.getValue(), window, policy);
            results.addAll(here.results());
            skipped.addAll(here.skipped());
            pruned |= here.pruned();
        }
        return new Taken(new TakeSnapshots.Outcomes(results, skipped, pruned), denials);
    }

    /** The databases per placement, in ST_DATABASES's order. */
    Map<Placement, List<DatabaseId>> byPlacement(List<DatabaseId> databases) {
        Map<Placement, List<DatabaseId>> out = new LinkedHashMap<>();
        for (DatabaseId db : databases) {
            out.computeIfAbsent(settings.placementOf(db), p -> new ArrayList<>()).add(db);
        }
        return out;
    }

    boolean isPrimary(Placement placement) {
        return placement.account().equals(settings.accountId()) && placement.region().equals(settings.region());
    }

    /**
     * The six-hourly snapshot of a placement's databases; the primary placement's is {@code primaryTakes} (which
     * prunes both of the suite's regions when full).
     *
     * @throws MemberAccountDeniedException when the placement's account refuses the member role
     */
    TakeSnapshots takeSnapshots(Placement placement, String session, List<ExecutionInterceptor> pacing, TakeSnapshots primaryTakes) {
        if (isPrimary(placement)) {
            return primaryTakes;
        }
        RdsSnapshotStore store = store(placement, session, pacing);
        return new TakeSnapshots(store, store, new PruneSnapshots(List.of(store), ledger, clock), ledger, clock);
    }

    /**
     * The store of one placement (a fan-out branch's, for its database).
     *
     * @throws MemberAccountDeniedException when the placement's account refuses the member role
     */
    RdsSnapshotStore store(Placement placement, String session, List<ExecutionInterceptor> pacing) {
        if (isPrimary(placement)) {
            return primary;
        }
        MemberAccountCredentials credentials = members.orElseThrow(() -> new IllegalStateException(
                "no member-account credentials wired for " + placement));
        Map<DatabaseId, AwsSettings.RdsKind> here = new LinkedHashMap<>();
        settings.databases().forEach((db, kind) -> {
            if (settings.placementOf(db).equals(placement)) {
                here.put(db, kind);
            }
        });
        return new RdsSnapshotStore(credentials.rds(placement, session, pacing), placement.region(), placement.account(), here,
                ManifestSource.NONE, clock);
    }
}

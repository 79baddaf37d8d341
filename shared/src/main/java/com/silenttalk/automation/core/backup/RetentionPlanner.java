package com.silenttalk.automation.core.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Decides which snapshots may go. A snapshot is deleted only when every rule agrees:
 * the suite made it, it is past retention, it is not among the newest verified of its
 * database in its region, and it is not the copy of a source that is kept.
 */
public final class RetentionPlanner {
    private RetentionPlanner() {
    }

    public static RetentionPlan plan(BackupPolicy policy, Collection<Snapshot> snapshots, Instant now) {
        Objects.requireNonNull(policy, "policy: no retention policy, nothing will be deleted");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(now, "now");

        Map<SnapshotRef, String> keepReasons = new LinkedHashMap<>();
        Instant cutoff = now.minus(policy.retention());

        for (Snapshot s : snapshots) {
            if (!s.createdBySuite()) {
                keepReasons.put(s.ref(), "not created by the suite");
            } else if (s.createdAt().isAfter(cutoff)) {
                keepReasons.putIfAbsent(s.ref(), "within retention (" + age(s, now) + " old, retention " + policy.retention() + ")");
            }
        }
        for (Snapshot s : newestVerified(snapshots, policy.minVerifiedKept())) {
            keepReasons.put(s.ref(), "among the newest " + policy.minVerifiedKept() + " verified of " + s.database() + " in " + s.region());
        }
        // A copy of a kept source stays: deleting it would leave a needed backup with no replica.
        boolean grew = true;
        while (grew) { // copies of copies: repeat until no new copy is kept
            grew = false;
            for (Snapshot s : snapshots) {
                if (s.copiedFrom().isPresent() && !keepReasons.containsKey(s.ref())
                        && keepReasons.containsKey(s.copiedFrom().get())) {
                    keepReasons.put(s.ref(), "copy of kept source " + s.copiedFrom().get());
                    grew = true;
                }
            }
        }

        List<Snapshot> keep = new ArrayList<>();
        List<Snapshot> delete = new ArrayList<>();
        Map<SnapshotRef, String> reasons = new LinkedHashMap<>(keepReasons);
        for (Snapshot s : sortedOldestFirst(snapshots)) {
            if (keepReasons.containsKey(s.ref())) {
                keep.add(s);
            } else {
                delete.add(s);
                reasons.put(s.ref(), "expired (" + age(s, now) + " old, retention " + policy.retention() + ")");
            }
        }
        return new RetentionPlan(keep, delete, reasons);
    }

    private static List<Snapshot> newestVerified(Collection<Snapshot> snapshots, int perDatabaseAndRegion) {
        record Group(DatabaseId database, String region) {
        }
        return snapshots.stream()
                .filter(s -> s.verification() == VerificationStatus.VERIFIED)
                .collect(Collectors.groupingBy(s -> new Group(s.database(), s.region())))
                .values().stream()
                .flatMap(group -> group.stream()
                        // newest first; equal times broken by ref so the plan never depends on listing order
                        .sorted(Comparator.comparing(Snapshot::createdAt).reversed()
                                .thenComparing(s -> s.ref().toString()))
                        .limit(perDatabaseAndRegion))
                .toList();
    }

    private static List<Snapshot> sortedOldestFirst(Collection<Snapshot> snapshots) {
        return snapshots.stream()
                .sorted(Comparator.comparing(Snapshot::createdAt).thenComparing(s -> s.ref().toString()))
                .toList();
    }

    private static Duration age(Snapshot s, Instant now) {
        return Duration.between(s.createdAt(), now).withNanos(0);
    }
}

package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.DurationText;
import com.silenttalk.automation.core.InstantText;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Immutability;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.CopyProtection;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.RegionImmutability;
import com.silenttalk.automation.core.status.DatabaseStatus.DrillPoint;
import com.silenttalk.automation.core.status.DatabaseStatus.RegionStatus;
import com.silenttalk.automation.core.status.Reason.Area;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * "Are we safe right now?", decided from the evidence alone: pure, so every rule is tested with
 * a known history and a fixed instant.
 * <p>Per database: its snapshots per region against the RPO target, the copy regions holding a
 * copy, the last drill (result, RTO and RPO against the targets, age), and whether the newest
 * verified copy is out of the suite's reach where a drill report read it back; then the platform's secrets, pending failover plans and dead-lettered
 * alerts, which put every database at risk. A known problem makes it AT RISK; missing evidence
 * (no snapshot, no drill) UNKNOWN; else SAFE.
 */
public final class StatusAssessor {
    private StatusAssessor() {
    }

    public static SafetyStatus assess(StatusEvidence evidence, StatusPolicy policy, Instant now) {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        List<KnownSnapshot> snapshots = SnapshotEvidence.known(evidence);
        PlatformStatus platform = PlatformEvidence.assess(evidence.ledger(), policy, now);
        TreeSet<String> names = new TreeSet<>();
        evidence.databases().forEach(d -> names.add(d.value()));
        snapshots.forEach(s -> names.add(s.database().value()));
        evidence.drills().forEach(d -> names.add(d.database()));
        Map<String, List<KnownSnapshot>> snapshotsOf = snapshots.stream().collect(Collectors.groupingBy(s -> s.database().value()));
        Map<String, List<DrillReport>> drillsOf = evidence.drills().stream().collect(Collectors.groupingBy(DrillReport::database));
        List<DatabaseStatus> databases = new ArrayList<>();
        for (String name : names) {
            databases.add(database(new DatabaseId(name), snapshotsOf.getOrDefault(name, List.of()),
                    drillsOf.getOrDefault(name, List.of()), platform, policy, now));
        }
        return new SafetyStatus(now, policy, databases, platform);
    }

    private static DatabaseStatus database(DatabaseId database, List<KnownSnapshot> snapshots, List<DrillReport> drills,
                                           PlatformStatus platform, StatusPolicy policy, Instant now) {
        List<Reason> reasons = new ArrayList<>();
        List<DrillReport> ordered = drills.stream().filter(d -> d.finishedAt() != null)
                .sorted(Comparator.comparing(DrillReport::finishedAt).thenComparing(DrillReport::runId)).toList();
        DrillReport protectionReport = ordered.stream().filter(d -> d.protection() != null).reduce((a, b) -> b).orElse(null);
        CopyProtection protection = protectionReport == null ? null : protectionReport.protection();
        List<RegionStatus> regions = regions(snapshots, protection, policy, now);
        if (snapshots.isEmpty()) {
            reasons.add(Reason.unknown(Area.SNAPSHOTS, "no snapshot of " + database + " on record in any region"));
        }
        Duration late = policy.targets().rpo().plus(policy.snapshotGrace());
        for (RegionStatus r : regions) {
            if (r.newest() == null) {
                if (!snapshots.isEmpty()) {
                    reasons.add(Reason.atRisk(Area.COPIES, "no copy in " + r.region()));
                }
            } else if (r.late()) {
                reasons.add(Reason.atRisk(r.copyRegion() ? Area.COPIES : Area.SNAPSHOTS, "newest " + (r.copyRegion() ? "copy" : "snapshot")
                        + " in " + r.region() + " is " + DurationText.readable(r.newestAge()) + " old (RPO target "
                        + DurationText.readable(policy.targets().rpo()) + ", late after " + DurationText.readable(late) + ")"));
            }
        }
        DrillReport last = ordered.isEmpty() ? null : ordered.get(ordered.size() - 1);
        if (last == null) {
            reasons.add(Reason.unknown(Area.DRILL, "no finished drill of " + database + ": nothing proves its backups restore"));
        } else {
            reasons.addAll(lastDrill(last, policy, now));
        }
        if (protection != null && protection.newestVerifiedCopyDeletable()) {
            reasons.add(Reason.atRisk(Area.IMMUTABILITY, protection.finding() + " (read back by drill " + protectionReport.runId()
                    + " at " + InstantText.utc(protectionReport.finishedAt()) + ")"));
        }
        reasons.addAll(platform.reasons());
        Verdict verdict = reasons.stream().map(Reason::verdict).reduce(Verdict.SAFE, Verdict::worse);
        return new DatabaseStatus(database, verdict, reasons, regions, last,
                ordered.stream().map(DrillPoint::of).toList(), protection);
    }

    private static List<Reason> lastDrill(DrillReport last, StatusPolicy policy, Instant now) {
        List<Reason> reasons = new ArrayList<>();
        String which = "last drill " + last.runId() + " (" + InstantText.utc(last.finishedAt()) + ")";
        if (!last.passed()) {
            List<String> why = new ArrayList<>();
            if (last.failure() != null) {
                why.add(last.failure());
            }
            last.failedChecks().stream().map(CheckResult::name).forEach(n -> why.add("check " + n + " failed"));
            reasons.add(Reason.atRisk(Area.DRILL, which + " FAILED" + (why.isEmpty() ? "" : ": " + String.join("; ", why))));
        }
        if (last.rto() != null && last.rto().compareTo(policy.targets().rto()) > 0) {
            reasons.add(Reason.atRisk(Area.DRILL, which + " took RTO " + DurationText.readable(last.rto()) + ", over the "
                    + DurationText.readable(policy.targets().rto()) + " target"));
        }
        if (last.rpo() != null && last.rpo().compareTo(policy.targets().rpo()) > 0) {
            reasons.add(Reason.atRisk(Area.DRILL, which + " measured RPO " + DurationText.readable(last.rpo()) + ", over the "
                    + DurationText.readable(policy.targets().rpo()) + " target"));
        }
        Duration age = Duration.between(last.finishedAt(), now);
        if (age.compareTo(policy.drillMaxAge()) > 0) {
            reasons.add(Reason.atRisk(Area.DRILL, which + " is " + DurationText.readable(age) + " old; one is expected every "
                    + DurationText.readable(policy.drillMaxAge())));
        }
        return reasons;
    }

    /** Regions where snapshots are taken first, then the copy regions (configured ones even when empty), by name. */
    private static List<RegionStatus> regions(List<KnownSnapshot> snapshots, CopyProtection protection, StatusPolicy policy,
                                              Instant now) {
        Map<String, List<KnownSnapshot>> byRegion = snapshots.stream()
                .collect(Collectors.groupingBy(KnownSnapshot::region, java.util.TreeMap::new, Collectors.toList()));
        Map<String, Boolean> copyRegion = new LinkedHashMap<>();
        byRegion.forEach((region, list) -> copyRegion.put(region,
                policy.copyRegions().contains(region) || list.stream().allMatch(KnownSnapshot::isCopy)));
        if (!snapshots.isEmpty()) {
            policy.copyRegions().forEach(r -> copyRegion.putIfAbsent(r, true));
        }
        Duration late = policy.targets().rpo().plus(policy.snapshotGrace());
        List<RegionStatus> out = new ArrayList<>();
        copyRegion.entrySet().stream()
                .sorted(Map.Entry.<String, Boolean>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    List<KnownSnapshot> list = byRegion.getOrDefault(e.getKey(), List.of());
                    Comparator<KnownSnapshot> byTime = Comparator.comparing(KnownSnapshot::takenAt)
                            .thenComparing(s -> s.id().value());
                    KnownSnapshot newest = list.stream().max(byTime).orElse(null);
                    KnownSnapshot verified = list.stream().filter(s -> s.verification() == VerificationStatus.VERIFIED)
                            .max(byTime).orElse(null);
                    Duration age = newest == null ? null : Duration.between(newest.takenAt(), now);
                    CopyLock lock = protection == null ? null : protection.regions().stream()
                            .filter(r -> r.region().equals(e.getKey())).map(RegionImmutability::lock).findFirst().orElse(null);
                    Boolean immutable = lock == null || lock.immutability() == Immutability.UNKNOWN ? null
                            : lock.immutability() == Immutability.IMMUTABLE;
                    out.add(new RegionStatus(e.getKey(), e.getValue(), list.size(), newest, age,
                            age != null && age.compareTo(late) > 0, verified, immutable, lock == null ? null : lock.retainUntil()));
                });
        return out;
    }
}

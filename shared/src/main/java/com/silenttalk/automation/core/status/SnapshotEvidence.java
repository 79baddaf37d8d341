package com.silenttalk.automation.core.status;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.ReplicateSnapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.ledger.AuditRecord;
import com.silenttalk.automation.core.ledger.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which snapshots and copies exist, from every runner's evidence: the ledger's snapshot and
 * copy records (less what prunes deleted), with drills' results as their verification, and a
 * region's own listing where the runner can read one (it wins: it is the snapshot itself).
 */
final class SnapshotEvidence {
    /** st-auto-&lt;database&gt;-&lt;yyyyMMdd't'HHmm'z'&gt;, as {@link SnapshotWindow} names them. */
    private static final Pattern SUITE_NAME = Pattern.compile(Pattern.quote(SnapshotWindow.SUITE_PREFIX) + "(.+)-\\d{8}t\\d{4}z");

    private record Where(String region, String id) {
    }

    private SnapshotEvidence() {
    }

    static List<KnownSnapshot> known(StatusEvidence evidence) {
        Map<Where, KnownSnapshot> known = new LinkedHashMap<>();
        Map<String, DatabaseId> databaseOf = new HashMap<>();
        Map<String, Instant> takenAt = new HashMap<>();
        List<AuditRecord> records = evidence.ledger().stream()
                .sorted(Comparator.comparing(AuditRecord::startedAt)).toList();
        for (AuditRecord r : records) {
            if (r.action().equals("snapshot") && r.outcome() == Outcome.SUCCEEDED
                    && r.details().containsKey("snapshot") && r.details().containsKey("region")) {
                String[] key = r.key().value().split("/");
                DatabaseId database = database(key.length > 1 ? key[1] : null, r.details().get("snapshot"));
                SnapshotId id = snapshotId(r.details().get("snapshot"));
                if (database == null || id == null) {
                    continue;
                }
                databaseOf.put(id.value(), database);
                takenAt.putIfAbsent(id.value(), r.startedAt());
                known.put(new Where(r.details().get("region"), id.value()), new KnownSnapshot(database, r.details().get("region"),
                        id, takenAt.get(id.value()), null, KnownSnapshot.Checksum.NOT_CHECKED, VerificationStatus.UNVERIFIED));
            }
        }
        for (AuditRecord r : records) {
            if (r.action().equals("copy") && r.outcome() == Outcome.SUCCEEDED) {
                String source = r.details().get("source");
                String target = r.details().get("target");
                if (source == null || target == null || !source.contains("/")) {
                    continue;
                }
                String sourceRegion = source.substring(0, source.indexOf('/'));
                SnapshotId id = snapshotId(source.substring(source.indexOf('/') + 1));
                DatabaseId database = id == null ? null : databaseOf.getOrDefault(id.value(), database(null, id.value()));
                if (database == null) {
                    continue;
                }
                KnownSnapshot.Checksum checksum = ReplicateSnapshot.CHECKSUM_VERIFIED.equals(r.details().get("checksum"))
                        ? KnownSnapshot.Checksum.VERIFIED : KnownSnapshot.Checksum.NOT_CHECKED;
                known.put(new Where(target, id.value()), new KnownSnapshot(database, target, id,
                        takenAt.getOrDefault(id.value(), r.startedAt()), sourceRegion, checksum, VerificationStatus.UNVERIFIED));
            }
        }
        for (AuditRecord r : records) {
            if (r.action().equals("prune") && r.details().get("deleted") != null) {
                for (String ref : r.details().get("deleted").split(",")) {
                    int slash = ref.indexOf('/');
                    if (slash > 0) {
                        known.remove(new Where(ref.substring(0, slash), ref.substring(slash + 1)));
                    }
                }
            }
        }
        applyDrills(known, evidence.drills());
        for (KnownSnapshot listed : evidence.listed()) {
            known.put(new Where(listed.region(), listed.id().value()), listed);
        }
        return new ArrayList<>(known.values());
    }

    /** A drill's result is its snapshot's verification, in both the region it was copied from and the one restored from. */
    private static void applyDrills(Map<Where, KnownSnapshot> known, List<DrillReport> drills) {
        List<DrillReport> ordered = drills.stream().filter(d -> d.snapshotId() != null && d.finishedAt() != null)
                .sorted(Comparator.comparing(DrillReport::finishedAt)).toList();
        for (DrillReport d : ordered) {
            VerificationStatus status = verificationOf(d);
            if (status == null) {
                continue;
            }
            Set<String> regions = new HashSet<>(List.of(d.drillRegion()));
            if (d.sourceRegion() != null) {
                regions.add(d.sourceRegion());
            }
            for (String region : regions) {
                known.computeIfPresent(new Where(region, d.snapshotId()), (w, s) -> s.withVerification(status));
            }
        }
    }

    /** VERIFIED when the drill passed, FAILED when a restore was checked and its content was wrong, else no word. */
    static VerificationStatus verificationOf(DrillReport d) {
        if (d.passed()) {
            return VerificationStatus.VERIFIED;
        }
        // a slow restore or a missing TLS setup says nothing about the copy's content
        boolean contentFailed = d.checks().stream().filter(c -> !c.passed()).map(CheckResult::name)
                .anyMatch(DrillWorkflow::speaksForContent);
        return contentFailed ? VerificationStatus.FAILED : null;
    }

    private static DatabaseId database(String fromKey, String snapshot) {
        String name = fromKey;
        if (name == null && snapshot != null) {
            Matcher m = SUITE_NAME.matcher(snapshot);
            name = m.matches() ? m.group(1) : null;
        }
        try {
            return name == null ? null : new DatabaseId(name);
        } catch (InvalidFieldException notOurs) {
            return null;
        }
    }

    private static SnapshotId snapshotId(String value) {
        try {
            return new SnapshotId(value);
        } catch (InvalidFieldException notOurs) {
            return null;
        }
    }
}

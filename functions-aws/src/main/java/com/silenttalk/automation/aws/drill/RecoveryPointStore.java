package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.backup.SuiteTags;
import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.CopyKind;
import com.silenttalk.automation.core.backup.CopyLock;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotNotFoundException;
import com.silenttalk.automation.core.backup.SnapshotStore;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.backup.VerificationStatus;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeBackupVaultResponse;
import software.amazon.awssdk.services.backup.model.DescribeRecoveryPointResponse;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;

/**
 * The recovery points the AWS Backup plan copies into the DR region's vault (locked: no one, the suite included, can
 * delete them before their lifecycle ends), as snapshots a drill can restore. The suite never takes or deletes one;
 * it tags them with the verification a drill proved. A recovery point is checked against the census manifest of the
 * six-hour window it was taken in (or the one before, when that window's marker came after it): the marker must be in
 * the restored copy, and counts hold within the census tolerance.
 */
public final class RecoveryPointStore implements SnapshotStore {
    /** Recovery points whose verification tags are read per database when listing (newest first); older list as UNVERIFIED. */
    static final int VERIFICATION_READS = 4;

    private final Supplier<BackupClient> backup;
    private final String region;
    private final String vault;
    private final String sourceRegion;
    private final String accountId;
    private final Map<DatabaseId, RdsKind> databases;
    private final ManifestSource manifests;
    private final Duration interval;
    private final Map<SnapshotId, Snapshot> seen = new ConcurrentHashMap<>();

    /**
     * @param region       the DR region the vault lives in
     * @param sourceRegion the region of the databases the recovery points are of (their resource ARNs name it)
     * @param interval     the census windows' length (the backup interval)
     */
    public RecoveryPointStore(Supplier<BackupClient> backup, String region, String vault, String sourceRegion,
                              String accountId, Map<DatabaseId, RdsKind> databases, ManifestSource manifests,
                              Duration interval) {
        this.backup = backup;
        this.region = region;
        this.vault = vault;
        this.sourceRegion = sourceRegion;
        this.accountId = accountId;
        this.databases = Map.copyOf(databases);
        this.manifests = manifests;
        this.interval = interval;
    }

    @Override
    public String region() {
        return region;
    }

    public String vault() {
        return vault;
    }

    /** The source database's ARN, which AWS Backup records on each of its recovery points (copies included). */
    String resourceArn(DatabaseId database) {
        RdsKind kind = databases.getOrDefault(database, RdsKind.INSTANCE);
        return "arn:aws:rds:" + sourceRegion + ":" + accountId + (kind == RdsKind.INSTANCE ? ":db:" : ":cluster:")
                + database.value();
    }

    /** A snapshot id for a recovery point ARN: "rp-" and its last segment, lowercased to the id rules. */
    static SnapshotId idOf(String recoveryPointArn) {
        String last = recoveryPointArn.substring(recoveryPointArn.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return new SnapshotId("rp-" + last);
    }

    @Override
    public Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        throw new IllegalStateException("recovery points in " + vault + " are made by the AWS Backup plan, not the suite: "
                + id + " is not taken here");
    }

    /** The recovery points of a database that can be restored (completed), newest first. */
    public List<Snapshot> availableNewestFirst(DatabaseId database) {
        List<Snapshot> out = new ArrayList<>();
        for (RecoveryPointByBackupVault rp : recoveryPoints(database)) {
            if (rp.status() == RecoveryPointStatus.COMPLETED || rp.status() == RecoveryPointStatus.AVAILABLE) {
                out.add(remember(toSnapshot(database, rp, VerificationStatus.UNVERIFIED)));
            }
        }
        out.sort(Comparator.comparing(Snapshot::createdAt).reversed());
        return out;
    }

    @Override
    public List<Snapshot> list() {
        List<Snapshot> all = new ArrayList<>();
        for (DatabaseId database : databases.keySet()) {
            List<Snapshot> newestFirst = availableNewestFirst(database);
            for (int i = 0; i < newestFirst.size(); i++) {
                Snapshot s = newestFirst.get(i);
                all.add(i < VERIFICATION_READS ? remember(s.withVerification(verification(s.location()))) : s);
            }
        }
        return all;
    }

    private List<RecoveryPointByBackupVault> recoveryPoints(DatabaseId database) {
        List<RecoveryPointByBackupVault> out = new ArrayList<>();
        backup.get().listRecoveryPointsByBackupVaultPaginator(r -> r.backupVaultName(vault)
                .byResourceArn(resourceArn(database))).recoveryPoints().forEach(out::add);
        return out;
    }

    private Snapshot toSnapshot(DatabaseId database, RecoveryPointByBackupVault rp, VerificationStatus verification) {
        return new Snapshot(idOf(rp.recoveryPointArn()), database, region, rp.creationDate(), false, verification,
                Optional.empty(), CopyKind.VAULT_RECOVERY_POINT, rp.recoveryPointArn());
    }

    private Snapshot remember(Snapshot s) {
        seen.put(s.id(), s);
        return s;
    }

    /** A recovery point seen by this store, or found by listing every database's. */
    public Optional<Snapshot> find(SnapshotId id) {
        Snapshot known = seen.get(id);
        if (known == null) {
            databases.keySet().forEach(this::availableNewestFirst);
            known = seen.get(id);
        }
        return Optional.ofNullable(known);
    }

    private VerificationStatus verification(String recoveryPointArn) {
        return VerificationStatus.fromMark(backup.get().listTags(r -> r.resourceArn(recoveryPointArn)).tags()
                .get(SuiteTags.VERIFICATION));
    }

    /**
     * The census manifest to check a recovery point against: of the window it was taken in, or of the window before
     * when this window's marker was written after the recovery point (so the marker could not be in it).
     */
    @Override
    public Optional<SnapshotManifest> manifest(SnapshotId id) {
        return find(id).flatMap(this::manifestFor);
    }

    Optional<SnapshotManifest> manifestFor(Snapshot recoveryPoint) {
        SnapshotWindow window = SnapshotWindow.containing(recoveryPoint.createdAt(), interval);
        for (SnapshotWindow candidate : List.of(window, new SnapshotWindow(window.start().minus(interval), interval))) {
            Optional<SnapshotManifest> manifest = manifests.manifest(candidate.snapshotIdFor(recoveryPoint.database()));
            if (manifest.isPresent() && !manifest.get().consistentPoint().isAfter(recoveryPoint.createdAt())) {
                return manifest;
            }
        }
        return Optional.empty();
    }

    /** Recovery points are never deleted by the suite: the vault is locked, and their lifecycle ends them. */
    @Override
    public void delete(Snapshot snapshot) {
        throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": recovery points in " + vault
                + " end with their lifecycle, never by the suite");
    }

    @Override
    public void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        Snapshot rp = find(id).orElseThrow(() -> new SnapshotNotFoundException(id, "vault " + vault, "mark " + status));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SuiteTags.VERIFICATION, status.name());
        tags.put(SuiteTags.VERIFIED_AT, at.toString());
        backup.get().tagResource(r -> r.resourceArn(rp.location()).tags(tags));
        seen.put(id, rp.withVerification(status));
    }

    /**
     * Read back from AWS Backup: a locked vault (DescribeBackupVault: Locked, past its LockDate, so in compliance mode)
     * keeps each recovery point until its lifecycle's DeleteAt (DescribeRecoveryPoint); no credential can delete it
     * before. A vault still in its grace time can have its lock removed, so it does not count.
     */
    @Override
    public CopyLock lockOf(Snapshot snapshot, Instant now) {
        DescribeBackupVaultResponse v = backup.get().describeBackupVault(r -> r.backupVaultName(vault));
        String vaultEvidence = "DescribeBackupVault " + vault + ": Locked " + v.locked() + ", MinRetentionDays "
                + v.minRetentionDays() + ", LockDate " + v.lockDate();
        if (!Boolean.TRUE.equals(v.locked())) {
            return CopyLock.notImmutable(vaultEvidence + " (no Vault Lock)");
        }
        DescribeRecoveryPointResponse rp = backup.get().describeRecoveryPoint(r -> r.backupVaultName(vault)
                .recoveryPointArn(snapshot.location()));
        Instant deleteAt = rp.calculatedLifecycle() == null ? null : rp.calculatedLifecycle().deleteAt();
        Instant minimum = v.minRetentionDays() == null ? null : rp.creationDate().plus(Duration.ofDays(v.minRetentionDays()));
        Instant until = deleteAt != null ? deleteAt : minimum;
        String evidence = vaultEvidence + "; DescribeRecoveryPoint: created " + rp.creationDate() + ", DeleteAt " + deleteAt;
        if (until == null || !until.isAfter(now)) {
            return CopyLock.notImmutable(evidence + " (retention over)");
        }
        boolean inGraceTime = v.lockDate() != null && v.lockDate().isAfter(now);
        return CopyLock.until(until, inGraceTime ? "VAULT_LOCK_GRACE" : "VAULT_LOCK_COMPLIANCE", inGraceTime, evidence);
    }

    /** The calls a start makes to find a database's recovery points, for dry-runs. */
    public List<PlannedCall> plannedList(DatabaseId database) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("BackupVaultName", vault);
        p.put("ByResourceArn", resourceArn(database));
        return List.of(new PlannedCall("backup", "ListRecoveryPointsByBackupVault", region, p));
    }

    @Override
    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(List.of("backup:ListRecoveryPointsByBackupVault", "backup:DescribeBackupVault",
                "backup:DescribeRecoveryPoint", "backup:ListTags", "backup:TagResource"));
        actions.addAll(manifests.requiredActions());
        return List.copyOf(actions);
    }
}

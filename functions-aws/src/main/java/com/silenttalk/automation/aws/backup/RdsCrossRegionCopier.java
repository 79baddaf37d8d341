package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings.RdsKind;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.BackupReplicator;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.Snapshot;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;

/**
 * Copies a snapshot into the DR region, encrypted with that region's KMS key, and tags the
 * copy. The call is made in the destination region with the source snapshot's ARN. When
 * RDS refuses because too many copies are in flight, the answer is "pending, ask again":
 * the copy is queued by the caller (the step loop or the event's retry), never dropped.
 */
public final class RdsCrossRegionCopier implements BackupReplicator {
    static final Duration COPY_BUSY_CHECK_AGAIN = Duration.ofMinutes(5);
    /** How a pending copy refused for concurrency is reported (callers stop asking for more copies this turn). */
    public static final String COPY_LIMIT_STATUS = "copies in flight at the RDS limit";

    private final RdsSnapshotStore destination;
    private final RdsClient destinationRds;
    private final String sourceAccountId;
    private final Optional<String> kmsKeyId;
    private final Function<DatabaseId, RdsKind> kinds;

    /**
     * @param destination    the store of the DR region (the copy is described there)
     * @param destinationRds an RDS client of the DR region
     * @param kmsKeyId       the DR region's key; empty makes every copy fail clearly
     */
    public RdsCrossRegionCopier(RdsSnapshotStore destination, RdsClient destinationRds, String sourceAccountId,
                                Optional<String> kmsKeyId, Function<DatabaseId, RdsKind> kinds) {
        this.destination = destination;
        this.destinationRds = destinationRds;
        this.sourceAccountId = sourceAccountId;
        this.kmsKeyId = kmsKeyId;
        this.kinds = kinds;
    }

    @Override
    public Progress<Snapshot> replicate(Snapshot source, String targetRegion, Instant now) {
        if (!destination.region().equals(targetRegion)) {
            throw new InvalidFieldException("targetRegion", "this copier writes to " + destination.region()
                    + ", not " + targetRegion);
        }
        String key = requireKey();
        RdsKind kind = kinds.apply(source.database());
        Optional<RdsSnapshotStore.Described> existing = destination.describe(source.id(), kind);
        if (existing.isPresent()) {
            return RdsSnapshotStore.progressOf(existing.get());
        }
        String sourceArn = sourceArn(source, kind);
        try {
            if (kind == RdsKind.INSTANCE) {
                destinationRds.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(sourceArn)
                        .targetDBSnapshotIdentifier(source.id().value())
                        .kmsKeyId(key)
                        .sourceRegion(source.region())
                        .copyTags(false)
                        .tags(SuiteTags.forCopy(source.database(), source.ref())));
            } else {
                destinationRds.copyDBClusterSnapshot(r -> r.sourceDBClusterSnapshotIdentifier(sourceArn)
                        .targetDBClusterSnapshotIdentifier(source.id().value())
                        .kmsKeyId(key)
                        .sourceRegion(source.region())
                        .copyTags(false)
                        .tags(SuiteTags.forCopy(source.database(), source.ref())));
            }
        } catch (DbSnapshotAlreadyExistsException | DbClusterSnapshotAlreadyExistsException e) {
            // Another delivery started the same copy between our describe and our copy.
            return destination.describe(source.id(), kind).map(RdsSnapshotStore::progressOf)
                    .orElse(Progress.pending(COPY_BUSY_CHECK_AGAIN, "copy exists but is not yet described"));
        } catch (SnapshotQuotaExceededException e) {
            String message = e.awsErrorDetails().errorMessage();
            if (isCopyConcurrencyLimit(message)) {
                return Progress.pending(COPY_BUSY_CHECK_AGAIN, COPY_LIMIT_STATUS + ": " + message);
            }
            throw new SnapshotQuotaException("RDS refused the copy of " + source.ref() + " into " + targetRegion
                    + ": the manual snapshot quota is full (" + message + ")");
        } catch (KmsKeyNotAccessibleException e) {
            throw new IllegalStateException("copy of " + source.ref() + " into " + targetRegion + " failed: KMS key "
                    + key + " is not accessible in " + targetRegion + " (" + e.awsErrorDetails().errorMessage()
                    + "); check the key policy grants this function kms:CreateGrant and kms:DescribeKey", e);
        }
        return Progress.pending(RdsSnapshotStore.CREATING_CHECK_AGAIN, "copying");
    }

    /** RDS reports the in-flight copy limit as SnapshotQuotaExceeded with its own message. */
    static boolean isCopyConcurrencyLimit(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("across regions") || m.contains("copies in progress");
    }

    public PlannedCall plannedCopy(Snapshot source) {
        RdsKind kind = kinds.apply(source.database());
        boolean instance = kind == RdsKind.INSTANCE;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(instance ? "SourceDBSnapshotIdentifier" : "SourceDBClusterSnapshotIdentifier", sourceArn(source, kind));
        p.put(instance ? "TargetDBSnapshotIdentifier" : "TargetDBClusterSnapshotIdentifier", source.id().value());
        p.put("KmsKeyId", requireKey());
        p.put("SourceRegion", source.region());
        p.put("Tags", RdsSnapshotStore.tagMap(SuiteTags.forCopy(source.database(), source.ref())));
        return new PlannedCall("rds", instance ? "CopyDBSnapshot" : "CopyDBClusterSnapshot", destination.region(), p);
    }

    String sourceArn(Snapshot source, RdsKind kind) {
        return "arn:aws:rds:" + source.region() + ":" + sourceAccountId
                + (kind == RdsKind.INSTANCE ? ":snapshot:" : ":cluster-snapshot:") + source.id().value();
    }

    private String requireKey() {
        return kmsKeyId.filter(k -> !k.isBlank()).orElseThrow(() -> new InvalidFieldException("ST_DR_KMS_KEY_ID",
                "no KMS key configured for encrypted copies into " + destination.region()
                        + " (the default aws/rds key cannot be used across regions)"));
    }

    @Override
    public List<String> requiredActions() {
        return List.of("rds:CopyDBSnapshot", "rds:CopyDBClusterSnapshot", "rds:DescribeDBSnapshots",
                "rds:DescribeDBClusterSnapshots", "rds:AddTagsToResource", "kms:CreateGrant", "kms:DescribeKey");
    }
}

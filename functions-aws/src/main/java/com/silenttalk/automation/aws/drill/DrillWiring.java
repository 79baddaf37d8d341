package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.aws.backup.BackupWiring;
import com.silenttalk.automation.aws.backup.ManifestSource;
import com.silenttalk.automation.aws.backup.RdsCrossRegionCopier;
import com.silenttalk.automation.aws.backup.RdsSnapshotStore;
import com.silenttalk.automation.aws.backup.S3ManifestSource;
import com.silenttalk.automation.aws.ledger.DynamoDbRunLedger;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.ledger.RunLedger;
import com.silenttalk.automation.postgres.JdbcRestoreInspector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The drill capability's wiring on AWS: the suite's snapshot stores, the copier, the RDS restorer, the inspector of a
 * restored copy, the ledger, the report writer and the clock; for drills of the DR vault's recovery points, the vault
 * and its restorer. The two {@link DrillWorkflow}s run over them.
 */
public record DrillWiring(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr, RdsCrossRegionCopier copier,
                          RdsRestorer restorer, DatabaseInspector inspector, RunLedger ledger, S3ReportWriter reports, Clock clock,
                          RecoveryPointSettings recoveryPoints, RecoveryPointStore vault, RecoveryPointRestorer vaultRestorer) {
    /** Stands in for a vault or role that is not configured: nothing calls AWS with it (starts refuse first). */
    private static final String UNSET = "not-configured";

    /** Production wiring over a container's clients and settings. */
    public static DrillWiring of(AwsWiring w) {
        AwsSettings s = w.settings();
        RecoveryPointSettings points = RecoveryPointSettings.fromEnvironment(w.environment());
        return new DrillWiring(s, BackupWiring.primaryStore(w, S3ManifestSource.of(w)),
                BackupWiring.drStore(w, S3ManifestSource.of(w)), BackupWiring.copier(w), restorer(w),
                new JdbcRestoreInspector(new SecretsManagerRestoreCredentials(arn -> new SecretsManagerSecretStore(
                        w.clients().secretsManager(AwsSettings.regionOf("ST_DRILL_SECRET_ARN", arn)))), "require"),
                DynamoDbRunLedger.of(w), new S3ReportWriter(w.clients().s3(s.region()), s.reportBucket()), w.clock(), points,
                new RecoveryPointStore(() -> w.clients().backup(s.drRegion()), s.drRegion(), points.vault().orElse(UNSET),
                        s.region(), s.accountId(), s.databases(), S3ManifestSource.of(w), s.policy().interval()),
                new RecoveryPointRestorer(() -> w.clients().backup(s.drRegion()), restorer(w), s.drRegion(),
                        points.vault().orElse(UNSET), points.restoreRole().orElse(UNSET), s.drill(), s::kindOf));
    }

    private static RdsRestorer restorer(AwsWiring w) {
        AwsSettings s = w.settings();
        return new RdsRestorer(w.clients().rds(s.drRegion()), s.drRegion(), s.drill(), s::kindOf);
    }

    /** Drills of the suite's snapshots only (no vault configured: a recovery-point drill is refused naming the variable). */
    public static DrillWiring snapshotsOnly(AwsSettings settings, RdsSnapshotStore primary, RdsSnapshotStore dr,
                                            RdsCrossRegionCopier copier, RdsRestorer restorer, DatabaseInspector inspector,
                                            RunLedger ledger, S3ReportWriter reports, Clock clock) {
        return new DrillWiring(settings, primary, dr, copier, restorer, inspector, ledger, reports, clock, RecoveryPointSettings.NONE,
                new RecoveryPointStore(() -> {
                    throw new IllegalStateException("no vault configured");
                }, settings.drRegion(), UNSET, settings.region(), settings.accountId(), settings.databases(),
                        ManifestSource.NONE, settings.policy().interval()),
                new RecoveryPointRestorer(() -> {
                    throw new IllegalStateException("no vault configured");
                }, restorer, settings.drRegion(), UNSET, UNSET, settings.drill(), settings::kindOf));
    }

    /** What a drill step is given, and how a start becomes the first state, logging to {@code log}. */
    DrillCommands commands(LineLog log) {
        return new DrillCommands(this, log);
    }

    /** Drills of the suite's snapshot copies in the DR region. */
    public DrillWorkflow workflow() {
        return new DrillWorkflow(primary, dr, copier, restorer, inspector, ledger, clock);
    }

    /** A recovery point is restored where it is: nothing is copied, so this workflow's copy step is never reached. */
    public DrillWorkflow vaultWorkflow() {
        return new DrillWorkflow(primary, vault, copier, vaultRestorer, inspector, ledger, clock);
    }

    public List<String> requiredActions() {
        List<String> actions = new ArrayList<>(dr.requiredActions().stream()
                .filter(a -> a.startsWith("rds:Describe") || a.equals("rds:AddTagsToResource") || a.startsWith("s3:") || a.startsWith("kms:")).toList());
        actions.addAll(restorer.requiredActions());
        actions.addAll(vault.requiredActions());
        actions.addAll(vaultRestorer.requiredActions());
        actions.addAll(reports.requiredActions());
        if (inspector instanceof JdbcRestoreInspector jdbc) {
            actions.addAll(jdbc.requiredActions());
        }
        actions.addAll(DynamoDbRunLedger.REQUIRED_ACTIONS);
        return actions.stream().distinct().sorted().toList();
    }
}

package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a census of a window would call, for the dry-run: per database with a census secret, its credentials and its manifest. */
final class CensusPlan {
    private CensusPlan() {
    }

    static List<PlannedCall> calls(AwsSettings settings, SnapshotWindow window) {
        return calls(settings, window, List.copyOf(settings.databases().keySet()));
    }

    /** As {@link #calls(AwsSettings, SnapshotWindow)}, for the given databases only (a fan-out branch: one). */
    static List<PlannedCall> calls(AwsSettings settings, SnapshotWindow window, List<DatabaseId> databases) {
        List<PlannedCall> calls = new ArrayList<>();
        for (DatabaseId db : databases) {
            // its credentials, then (over JDBC, not an AWS call) the marker and the counts, then the manifest
            settings.census().secretArnOf(db).ifPresent(arn -> {
                calls.add(new PlannedCall("secretsmanager", "GetSecretValue",
                        AwsSettings.regionOf("ST_CENSUS_SECRET_ARNS", arn), Map.of("SecretId", arn, "VersionStage", "AWSCURRENT")));
                calls.add(new PlannedCall("s3", "PutObject", settings.region(), Map.of("Bucket", settings.reportBucket(),
                        "Key", S3ManifestSource.keyFor(window.snapshotIdFor(db)))));
            });
        }
        return calls;
    }

    /** Why a valid event plans nothing: no database has a census secret. */
    static Optional<String> whyEmpty(AwsSettings settings, DatabaseId database) {
        return settings.census().secretArnOf(database).isPresent() ? Optional.empty() : Optional.of(database.value()
                + " has no census secret in ST_CENSUS_SECRET_ARNS, so it is not measured (it is still snapshotted, without a manifest)");
    }

    static Optional<String> whyEmpty(AwsSettings settings) {
        boolean anySecret = settings.databases().keySet().stream().anyMatch(db -> settings.census().secretArnOf(db).isPresent());
        return anySecret ? Optional.empty() : Optional.of("no database of ST_DATABASES has a census secret in "
                + "ST_CENSUS_SECRET_ARNS, so none is measured (each is still snapshotted, without a manifest)");
    }
}

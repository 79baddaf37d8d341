package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.LineLog;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotCensus;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SnapshotMarker;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import com.silenttalk.automation.postgres.JdbcLogin;
import com.silenttalk.automation.postgres.SnapshotMarkerCensus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The census over JDBC: connects to the source database with the credentials of its Secrets
 * Manager secret (RDS JSON: host, port, dbname, username, password), TLS required, writes the
 * marker and measures in one transaction ({@code postgres.SnapshotMarkerCensus}), and keeps the
 * manifest at {@code manifests/<snapshotId>.json} in the report bucket at once. The password lives in
 * a local array and the connection properties only; it is never logged or put in a message.
 */
public final class JdbcSnapshotCensus implements SnapshotCensus {
    /**
     * How long one database's census may take. The snapshot waits for the census (it is the census function's
     * destination), so a census stuck on a lock or a huge count must give up, not hold the snapshot back until the
     * function's timeout. Past it the connection is aborted: the server rolls the marker back, nothing is kept.
     */
    static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "census-deadline");
        t.setDaemon(true);
        return t;
    });

    private final AwsSettings.Census census;
    private final Function<String, SecretStore> secretsForArn;
    private final S3ManifestSource manifests;
    private final String sslMode;
    private final LineLog log;
    private final Duration deadline;

    /**
     * @param secretsForArn the store that holds a given secret ARN (Secrets Manager of the ARN's region)
     * @param sslMode       {@code require} in production; tests on a plain local server use {@code prefer}
     */
    public JdbcSnapshotCensus(AwsSettings.Census census, Function<String, SecretStore> secretsForArn,
                              S3ManifestSource manifests, String sslMode, LineLog log) {
        this(census, secretsForArn, manifests, sslMode, log, DEADLINE);
    }

    JdbcSnapshotCensus(AwsSettings.Census census, Function<String, SecretStore> secretsForArn,
                       S3ManifestSource manifests, String sslMode, LineLog log, Duration deadline) {
        this.census = census;
        this.secretsForArn = secretsForArn;
        this.manifests = manifests;
        this.sslMode = sslMode;
        this.log = log;
        this.deadline = deadline;
    }

    @Override
    public Optional<SnapshotManifest> measureAndKeep(DatabaseId database, SnapshotId id, Instant now) {
        Optional<String> secretArn = census.secretArnOf(database);
        if (secretArn.isEmpty()) {
            return unmeasured(database, id, now, "ST_CENSUS_SECRET_ARNS names no secret for " + database);
        }
        SnapshotManifest manifest;
        try {
            Optional<Credential> credential = secretsForArn.apply(secretArn.get()).valueAt(secretArn.get(), Stage.CURRENT);
            if (credential.isEmpty()) {
                return unmeasured(database, id, now, "secret " + secretArn.get() + " has no AWSCURRENT value");
            }
            Optional<SnapshotManifest> measured = measure(database, id, now, credential.get());
            if (measured.isEmpty()) {
                return measured;
            }
            manifest = measured.get();
            manifests.put(manifest);
        } catch (SdkException | RotationFailedException e) {
            // Secrets Manager or S3 after the client's bounded retries, or a secret that is not an RDS credential:
            // these messages name resources, never values
            return unmeasured(database, id, now, "the census could not read its secret or keep its manifest: " + e.getClass().getSimpleName() + " "
                    + DatabaseFactsReader.firstLine(String.valueOf(e.getMessage())));
        }
        return Optional.of(manifest);
    }

    private Optional<SnapshotManifest> measure(DatabaseId database, SnapshotId id, Instant now, Credential c) {
        Map<String, String> attributes = c.attributes();
        String url = "jdbc:postgresql://" + c.host() + ":" + attributes.getOrDefault("port", "5432") + "/"
                + attributes.getOrDefault("dbname", "postgres");
        Properties props = JdbcLogin.properties(c, sslMode, "silenttalk-snapshot-census");
        SnapshotMarker marker = new SnapshotMarker(UUID.randomUUID().toString(), now);
        AtomicBoolean overran = new AtomicBoolean();
        try (Connection connection = DriverManager.getConnection(url, props)) {
            ScheduledFuture<?> abort = DEADLINES.schedule(() -> {
                overran.set(true);
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException e) {
                    // already closed: the census ended on its own
                }
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return Optional.of(SnapshotMarkerCensus.markAndMeasure(connection, id, database, marker, census.tolerance()));
            } finally {
                abort.cancel(false);
            }
        } catch (SQLException e) {
            if (overran.get()) {
                return unmeasured(database, id, now, "census on " + c.host() + " passed its deadline of "
                        + deadline.toSeconds() + " s and was abandoned (nothing kept)");
            }
            // the driver's messages name host, user and state, never the password
            return unmeasured(database, id, now, "census on " + c.host() + " failed: " + e.getSQLState() + " "
                    + DatabaseFactsReader.firstLine(e.getMessage()));
        } finally {
            JdbcLogin.forget(props);
        }
    }

    private Optional<SnapshotManifest> unmeasured(DatabaseId database, SnapshotId id, Instant now, String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("database", database.value());
        line.put("snapshot", id.value());
        line.put("noManifest", reason + "; the snapshot is taken but a drill cannot verify it");
        log.error(now, line);
        log.metrics(now, Map.of("SnapshotWithoutManifest", 1), "Count");
        return Optional.empty();
    }

    @Override
    public List<String> requiredActions() {
        return List.of("secretsmanager:GetSecretValue", "s3:PutObject", "kms:GenerateDataKey");
    }
}

package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.RestoreScope;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.core.backup.SourceTls;
import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.FailedCheckException;
import com.silenttalk.automation.core.drill.VerificationSuite;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.PgTool;
import com.silenttalk.automation.postgres.BackupPrivileges;
import com.silenttalk.automation.postgres.CatalogInspector;
import com.silenttalk.automation.postgres.ObjectInventoryReader;
import com.silenttalk.automation.postgres.SnapshotSourceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A logical snapshot: pg_dump -Fc reading an exported snapshot, while the same snapshot is
 * inventoried (every object a restore must bring back) and counted on our own connection. The archive's SHA-256 is computed as it
 * streams to disk, so no second pass over the file is needed.
 */
public final class PgDumper {
    private final PgBinaries binaries;
    private final int compressionLevel;
    private final Duration timeout;
    private final boolean requireTls;
    private final Path logDir;

    public PgDumper(PgBinaries binaries, int compressionLevel, Duration timeout) {
        this(binaries, compressionLevel, timeout, false, null);
    }

    /**
     * @param requireTls refuse to read the source over a plaintext connection (the source-tls check fails)
     * @param logDir     where pg_dump's whole stderr is kept, {@code <snapshot>.pg_dump.log}; null: nowhere
     */
    public PgDumper(PgBinaries binaries, int compressionLevel, Duration timeout, boolean requireTls, Path logDir) {
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException("compression must be 0-9, got " + compressionLevel);
        }
        this.binaries = binaries;
        this.compressionLevel = compressionLevel;
        this.timeout = timeout;
        this.requireTls = requireTls;
        this.logDir = logDir;
    }

    /** Which database {@code source} is, asked of the server. */
    public SourceIdentity identify(PgEndpoint source) {
        try (Connection c = connect(source)) {
            return SnapshotSourceReader.identity(c, source.host(), source.port());
        } catch (SQLException e) {
            throw new EnvironmentException("source database " + source + " cannot say which database it is: " + e.getMessage(), e);
        }
    }

    public SnapshotManifest dump(PgEndpoint source, DatabaseId database, SnapshotId id, Path archive) {
        Path pgDump = binaries.tool("pg_dump");
        try (Connection c = connect(source)) {
            SourceTls tls = SnapshotSourceReader.tls(c, source.sslMode(), source.verifiesServerCertificate());
            if (requireTls && !tls.encrypted()) {
                // Refused before a single row crosses the wire.
                throw new FailedCheckException(CheckResult.fail(VerificationSuite.SOURCE_TLS, "the connection to " + source
                        + " is " + tls.describe() + " and source.requireTls is on: nothing was dumped"));
            }
            try (Statement s = c.createStatement()) {
                // As pg_dump does: a table whose policies would hide rows from this role is an error, never a short count.
                s.execute("SET row_security = off");
                // The counts run beside pg_dump, which they must not slow: parallel workers would only compete with it for
                // the same cores, and a serial count(*) costs the server ~20% less CPU (pgbench_accounts, 5 M rows).
                s.execute("SET max_parallel_workers_per_gather = 0");
            }
            // The snapshot starts with the next statement, the export, so its timestamp is the consistent point.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String exported;
            Instant consistentPoint;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), statement_timestamp()")) {
                rs.next();
                exported = rs.getString(1);
                consistentPoint = rs.getTimestamp(2).toInstant();
            }
            List<String> missing = BackupPrivileges.missing(c);
            if (!missing.isEmpty()) {
                throw new EnvironmentException("cannot snapshot " + source + ": " + BackupPrivileges.describe(source.user(), missing));
            }
            // Sequences are not transactional: read before pg_dump reads them, a restore has them here or beyond.
            Map<String, String> sequences = ObjectInventoryReader.sequences(c);
            Process dump = PgTool.start(List.of(pgDump.toString(), "--format=custom", "--compress=" + compressionLevel,
                    "--snapshot=" + exported, "--no-password"), source.libpqEnvironment(), false);
            try {
            dump.getOutputStream().close();
            PgTool.Drain errors = PgTool.drain(dump.getErrorStream());
            CompletableFuture<HashingCopy.Result> streamed = CompletableFuture.supplyAsync(() -> HashingCopy.copy(dump.getInputStream(), archive));

            // Measured in the very snapshot pg_dump reads, while it reads.
            CatalogInspector.Measurement measured = CatalogInspector.measure(c, sequences);
            SourceIdentity identity = SnapshotSourceReader.identity(c, source.host(), source.port());
            RestoreScope scope = SnapshotSourceReader.restoreScope(c);

            if (!dump.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                dump.destroyForcibly();
                throw new EnvironmentException("pg_dump of " + source + " did not finish within " + timeout);
            }
            HashingCopy.Result written = join(streamed);
            Path log = logDir == null ? null : logDir.resolve(id.value() + ".pg_dump.log");
            PgTool.keep(errors.text(), log);
            if (dump.exitValue() != 0) {
                throw new EnvironmentException("pg_dump of " + source + " exited " + dump.exitValue() + ": "
                        + PgTool.firstError(errors.text()) + (log == null ? "" : " (full stderr: " + log + ")"));
            }
            c.commit();
            return SnapshotManifest.logical(id, database, consistentPoint, measured.serverVersion(), measured.objects(),
                    measured.rowCounts(), written.sha256(), written.bytes()).describingSource(identity, tls, scope);
            } finally {
                if (dump.isAlive()) {
                    dump.destroyForcibly(); // a failed count must not leave pg_dump running
                }
            }
        } catch (SQLException e) {
            throw new EnvironmentException("source database " + source + " failed during the snapshot: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EnvironmentException("cannot talk to pg_dump: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("snapshot of " + source + " was interrupted", e);
        }
    }

    static Connection connect(PgEndpoint source) {
        try {
            return source.connect();
        } catch (SQLException e) {
            throw new EnvironmentException("source database " + source + " is unreachable: " + e.getMessage(), e);
        }
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}

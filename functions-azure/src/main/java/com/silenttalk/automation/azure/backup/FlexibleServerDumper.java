package com.silenttalk.automation.azure.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.flexibleserver.AdminPasswords;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.core.backup.SnapshotManifest;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import com.silenttalk.automation.postgres.LogicalDumpWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The logical dump of a Flexible Server, made inside the function (the Java worker has no
 * pg_dump): the server's address and administrator login come from ARM, the password from
 * Key Vault, and {@link LogicalDumpWriter} streams one consistent snapshot of the database
 * over JDBC (TLS) through {@link BlobDumpExporter} into the primary backup container, with its
 * manifest. The Event Grid event for that manifest starts the cross-region copy.
 */
public final class FlexibleServerDumper implements FlexibleServerBackupStore.LogicalDumps {
    static final int FLEXIBLE_SERVER_PORT = 5432;

    /**
     * @param databaseName   the application database (the one the drill verifies)
     * @param adminSecretUri the server administrator's password in Key Vault (a restore keeps it, so the drill uses it too)
     * @param sslMode        {@code require} in production; tests on a plain local server use {@code prefer}
     * @param inPartsAboveBytes a database larger than this is left to a ChunkedDump (ST_CHUNKED_DUMP_ABOVE_BYTES)
     */
    public record Settings(String databaseName, String adminSecretUri, String sslMode, int port, long inPartsAboveBytes) {
        /** Every database dumped in one activity. */
        public Settings(String databaseName, String adminSecretUri, String sslMode, int port) {
            this(databaseName, adminSecretUri, sslMode, port, Long.MAX_VALUE);
        }
    }

    private final ArmClient arm;
    private final FlexibleServer servers;
    private final AdminPasswords passwords;
    private final Settings settings;
    private final BlobDumpExporter exporter;

    public FlexibleServerDumper(ArmClient arm, FlexibleServer servers, AdminPasswords passwords,
                                Settings settings, BlobDumpExporter exporter) {
        this.arm = arm;
        this.servers = servers;
        this.passwords = passwords;
        this.settings = settings;
        this.exporter = exporter;
    }

    @Override
    public SnapshotManifest dump(DatabaseId database, SnapshotId id) {
        return dump(database, id, Long.MAX_VALUE).orElseThrow();
    }

    /** Checks the size and dumps in one session: the window's small databases cost no second sign-in. */
    @Override
    public boolean dumpUnlessTooLarge(DatabaseId database, SnapshotId id) {
        return dump(database, id, settings.inPartsAboveBytes()).isPresent();
    }

    private Optional<SnapshotManifest> dump(DatabaseId database, SnapshotId id, long aboveBytes) {
        Server server = server(database);
        try (Connection c = connect(server)) {
            if (aboveBytes != Long.MAX_VALUE && size(c) > aboveBytes) {
                return Optional.empty();
            }
            return Optional.of(exporter.export(id, database, out -> {
                try {
                    LogicalDumpWriter.Facts facts = LogicalDumpWriter.write(c, out);
                    return new BlobDumpExporter.DumpFacts(id, database, facts.consistentPoint(), facts.serverVersion(),
                            facts.schemaFingerprint(), facts.rowCounts(), facts.objects());
                } catch (SQLException e) {
                    throw failure(database, server.host(), e);
                }
            }));
        } catch (SQLException e) {
            throw failure(database, server.host(), e);
        }
    }

    /** pg_database_size of the application database when it is above {@code inPartsAboveBytes}, read on the live server. */
    @Override
    public OptionalLong tooLargeForOneActivity(DatabaseId database) {
        if (settings.inPartsAboveBytes() == Long.MAX_VALUE) {
            return OptionalLong.empty();
        }
        Server server = server(database);
        try (Connection c = connect(server)) {
            long bytes = size(c);
            return bytes > settings.inPartsAboveBytes() ? OptionalLong.of(bytes) : OptionalLong.empty();
        } catch (SQLException e) {
            throw failure(database, server.host(), e);
        }
    }

    private static long size(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet size = s.executeQuery("SELECT pg_database_size(current_database())")) {
            size.next();
            return size.getLong(1);
        }
    }

    private record Server(String host, String login) {
    }

    private Connection connect(Server server) throws SQLException {
        return connect(server.host(), settings.port(), settings.databaseName(), server.login(), passwords,
                settings.adminSecretUri(), settings.sslMode());
    }

    private Server server(DatabaseId database) {
        JsonNode server = ArmClient.requireSuccess("GET server " + database, arm.get(servers.serverPath(database.value())))
                .body().path("properties");
        String host = server.path("fullyQualifiedDomainName").asText("");
        String login = server.path("administratorLogin").asText("");
        if (host.isBlank() || login.isBlank()) {
            throw new IllegalStateException("ARM reports no address or administrator login for server " + database);
        }
        return new Server(host, login);
    }

    /** A JDBC session as the server's administrator (password from Key Vault, cleared from memory once used). */
    static Connection connect(String host, int port, String databaseName, String login, AdminPasswords passwords,
                              String adminSecretUri, String sslMode) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login);
        char[] password = passwords.password(adminSecretUri);
        props.setProperty("password", new String(password));
        Arrays.fill(password, '\0');
        props.setProperty("sslmode", sslMode);
        props.setProperty("connectTimeout", "15");
        props.setProperty("ApplicationName", "silenttalk-backup-dump");
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + databaseName, props);
        } finally {
            props.remove("password");
        }
    }

    // names host and SQL state only: the driver never puts the password in its messages
    static IllegalStateException failure(DatabaseId database, String host, SQLException e) {
        return new IllegalStateException("logical dump of " + database + " (" + host + ") failed: " + (e.getSQLState() == null ? "" : e.getSQLState() + " ")
                + DatabaseFactsReader.firstLine(e.getMessage()), e);
    }

    /** The calls {@link #dump} makes once the window's backup has completed, for dry-runs. */
    public List<PlannedCall> plannedDump(DatabaseId database, SnapshotId id, String blobContainerUrl) {
        return List.of(
                new PlannedCall("arm", "GET", servers.serverPath(database.value()) + "?api-version=" + ArmClient.API_VERSION, Map.of()),
                new PlannedCall("keyvault", "GET (Get Secret)", settings.adminSecretUri(), Map.of()),
                new PlannedCall("postgresql", "COPY ... TO STDOUT (FORMAT binary), one REPEATABLE READ READ ONLY transaction",
                        "<fullyQualifiedDomainName>:" + settings.port() + "/" + settings.databaseName(), Map.of("sslmode", settings.sslMode())),
                new PlannedCall("blob", "PUT (Put Block) + PUT (Put Block List)", blobContainerUrl + "/" + BackupBlobs.DUMPS
                        + id.value() + ".dump", Map.of()),
                new PlannedCall("blob", "PUT (Put Blob)", blobContainerUrl + "/" + BackupBlobs.MANIFESTS + id.value() + ".json",
                        Map.of()));
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.DBforPostgreSQL/flexibleServers/read",
                "Microsoft.KeyVault/vaults/secrets/getSecret/action",
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write");
    }
}

package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Verifies a throwaway restore over JDBC, TLS where the server offers it, counting over {@code jobs} connections (the further ones in plaintext on loopback). */
public final class JdbcDatabaseInspector implements DatabaseInspector {
    private final int jobs;

    public JdbcDatabaseInspector(int jobs) {
        this.jobs = Math.max(1, jobs);
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        PgEndpoint endpoint = endpointOf(instance);
        try {
            DatabaseFactsReader.ConnectionOpener verifier = mode -> (mode == null ? endpoint : endpoint.withSslMode(mode)).connect();
            return DatabaseFactsReader.read(verifier, counters(endpoint, verifier), jobs, probes);
        } catch (SQLException e) {
            throw new EnvironmentException("restored database " + endpoint + " failed verification queries: "
                    + DatabaseFactsReader.firstLine(e.getMessage()), e);
        }
    }

    /**
     * The connections that only count rows: on a throwaway server (127.0.0.1 only) without TLS, as pg_restore's, each
     * saving a Java TLS handshake; the verifier's own connection is the one whose TLS the report's tls check reads.
     */
    static DatabaseFactsReader.ConnectionOpener counters(PgEndpoint endpoint, DatabaseFactsReader.ConnectionOpener verifier) {
        if (!"127.0.0.1".equals(endpoint.host())) {
            return verifier;
        }
        PgEndpoint plaintext = ThrowawayRestorer.loopbackPlaintext(endpoint);
        return mode -> plaintext.connect();
    }

    static PgEndpoint endpointOf(RestoredInstance instance) {
        char[] password = instance.credentialsRef() == null ? null : ThrowawayCluster.readPassword(Path.of(instance.credentialsRef()));
        return new PgEndpoint(instance.host(), instance.port(), instance.database(),
                instance.details().getOrDefault("user", "postgres"), password, "prefer");
    }
}

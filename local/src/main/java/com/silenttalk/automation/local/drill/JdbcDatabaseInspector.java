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

/** Verifies a throwaway restore over JDBC, TLS where the server offers it, counting over {@code jobs} connections. */
public final class JdbcDatabaseInspector implements DatabaseInspector {
    private final int jobs;

    public JdbcDatabaseInspector(int jobs) {
        this.jobs = Math.max(1, jobs);
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        PgEndpoint endpoint = endpointOf(instance);
        try {
            return DatabaseFactsReader.read(mode -> (mode == null ? endpoint : endpoint.withSslMode(mode)).connect(), jobs, probes);
        } catch (SQLException e) {
            throw new EnvironmentException("restored database " + endpoint + " failed verification queries: "
                    + DatabaseFactsReader.firstLine(e.getMessage()), e);
        }
    }

    static PgEndpoint endpointOf(RestoredInstance instance) {
        char[] password = instance.credentialsRef() == null ? null : ThrowawayCluster.readPassword(Path.of(instance.credentialsRef()));
        return new PgEndpoint(instance.host(), instance.port(), instance.database(),
                instance.details().getOrDefault("user", "postgres"), password, "prefer");
    }
}

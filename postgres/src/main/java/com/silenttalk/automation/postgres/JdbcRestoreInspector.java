package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * Verifies a restored PostgreSQL database over JDBC, for the AWS and the Azure drills: TLS, the
 * object inventory (schema fingerprint, sequences, large objects, functions, types, triggers,
 * policies, extensions, views, materialized views, partitions), exact row counts (one scan per
 * table) and the operator's probes. The runners differ only in where the login comes from
 * ({@link RestoreCredentials}); the password goes into the driver's properties and is removed once
 * connected. The reading is every runner's ({@link DatabaseFactsReader}), so a manifest made by any
 * runner compares.
 */
public final class JdbcRestoreInspector implements DatabaseInspector {
    private final RestoreCredentials credentials;
    private final String sslMode;

    /**
     * @param credentials the runner's lookup of the instance's login (Secrets Manager, Key Vault)
     * @param sslMode     {@code require} in production; tests on a plain local server use {@code prefer}
     */
    public JdbcRestoreInspector(RestoreCredentials credentials, String sslMode) {
        this.credentials = credentials;
        this.sslMode = sslMode;
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        Properties props = JdbcLogin.properties(credentials.credentialFor(instance), sslMode, "silenttalk-drill");
        String url = "jdbc:postgresql://" + instance.host() + ":" + instance.port() + "/" + instance.database();
        try {
            return DatabaseFactsReader.read(url, props, 1, probes);
        } catch (SQLException e) {
            // the message names host and state only: the driver never puts the password in it
            throw new IllegalStateException("verification queries on " + instance.name() + " (" + instance.host() + ":"
                    + instance.port() + ") failed: " + e.getSQLState() + " " + DatabaseFactsReader.firstLine(e.getMessage()), e);
        } finally {
            JdbcLogin.forget(props);
        }
    }

    public List<String> requiredActions() {
        return credentials.requiredActions();
    }
}

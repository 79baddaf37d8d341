package com.silenttalk.automation.aws.drill;

import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import com.silenttalk.automation.postgres.JdbcLogin;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.SecretStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * Verifies a restored RDS PostgreSQL instance over JDBC: TLS, the object inventory (schema
 * fingerprint, sequences, large objects, functions, types, triggers, policies, extensions, views,
 * materialized views, partitions), exact row counts (one scan per table) and the operator's probes.
 * The credentials come from Secrets Manager (the instance carries only the secret's ARN) and never
 * leave this method. The reading is every runner's ({@code postgres.DatabaseFactsReader}), so a
 * manifest made by the census, opsctl or Azure's dump compares.
 */
public final class JdbcRestoreInspector implements DatabaseInspector {
    private final Function<String, SecretStore> secretsForArn;
    private final String sslMode;

    /**
     * @param secretsForArn the store that holds a given secret ARN (Secrets Manager of the ARN's region)
     * @param sslMode       {@code require} in production; tests on a plain local server use {@code prefer}
     */
    public JdbcRestoreInspector(Function<String, SecretStore> secretsForArn, String sslMode) {
        this.secretsForArn = secretsForArn;
        this.sslMode = sslMode;
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        String secretArn = instance.credentialsRef();
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException("restored instance " + instance.name() + " names no credentials secret");
        }
        Credential credential = secretsForArn.apply(secretArn).valueAt(secretArn, "AWSCURRENT")
                .orElseThrow(() -> new IllegalStateException("secret " + secretArn + " has no AWSCURRENT value"));
        Properties props = JdbcLogin.properties(credential, sslMode, "silenttalk-drill");
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
        return List.of("secretsmanager:GetSecretValue");
    }
}

package com.silenttalk.automation.azure.drill;

import com.silenttalk.automation.azure.flexibleserver.AdminPasswords;
import com.silenttalk.automation.core.drill.DatabaseFacts;
import com.silenttalk.automation.core.drill.DatabaseInspector;
import com.silenttalk.automation.core.drill.RestoredInstance;
import com.silenttalk.automation.core.drill.SqlProbe;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Verifies a restored Flexible Server over JDBC: TLS, the object inventory (schema fingerprint,
 * sequences, large objects, functions, types, triggers, policies, extensions, views, materialized
 * views, partitions), exact row counts (one scan per table) and the operator's probes. The admin
 * password comes from Key Vault (the instance carries only the secret's URI) and never leaves this
 * method. The reading is every runner's ({@code postgres.DatabaseFactsReader}), so a manifest made
 * by any runner compares.
 */
public final class JdbcRestoreInspector implements DatabaseInspector {
    private final AdminPasswords passwords;
    private final String sslMode;

    /**
     * @param passwords Key Vault in production (flexibleserver.KeyVaultPasswords)
     * @param sslMode   {@code require} in production (Flexible Server enforces TLS); tests on a plain local server use {@code prefer}
     */
    public JdbcRestoreInspector(AdminPasswords passwords, String sslMode) {
        this.passwords = passwords;
        this.sslMode = sslMode;
    }

    @Override
    public DatabaseFacts inspect(RestoredInstance instance, List<SqlProbe> probes) {
        String secretUri = instance.credentialsRef();
        if (secretUri == null || secretUri.isBlank()) {
            throw new IllegalStateException("restored server " + instance.name() + " names no credentials secret");
        }
        String user = instance.details().get("user");
        if (user == null || user.isBlank()) {
            throw new IllegalStateException("restored server " + instance.name() + " reports no administrator login");
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        char[] password = passwords.password(secretUri);
        props.setProperty("password", new String(password));
        Arrays.fill(password, '\0');
        props.setProperty("sslmode", sslMode);
        props.setProperty("connectTimeout", "15");
        props.setProperty("ApplicationName", "silenttalk-drill");
        String url = "jdbc:postgresql://" + instance.host() + ":" + instance.port() + "/" + instance.database();
        try {
            return DatabaseFactsReader.read(url, props, 1, probes);
        } catch (SQLException e) {
            // the message names host and state only: the driver never puts the password in it
            throw new IllegalStateException("verification queries on " + instance.name() + " (" + instance.host() + ":"
                    + instance.port() + ") failed: " + e.getSQLState() + " " + DatabaseFactsReader.firstLine(e.getMessage()), e);
        } finally {
            props.remove("password");
        }
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action");
    }
}

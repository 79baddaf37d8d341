package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import com.silenttalk.automation.postgres.FailoverChecks;
import com.silenttalk.automation.postgres.JdbcLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * The failover's JDBC questions on RDS PostgreSQL: a real write and read-back on the new
 * primary, and the standby's replay lag for the gate. The login comes from Secrets Manager
 * (only the secret's ARN is configured), TLS is required, and the password never leaves this
 * class: exceptions name the node, host and SQL state only.
 */
public final class JdbcFailoverProbe implements WriteProbe {
    private final SecretStore secrets;
    private final String secretArn;
    private final String database;
    private final String sslMode;
    private final Function<RdsTopology.Node, RdsEndpoints.Endpoint> endpoints;

    /** @param sslMode {@code require} (or stricter) in production; tests on a plain local server use {@code prefer} */
    public JdbcFailoverProbe(SecretStore secrets, String secretArn, String database, String sslMode,
                             Function<RdsTopology.Node, RdsEndpoints.Endpoint> endpoints) {
        this.secrets = secrets;
        this.secretArn = secretArn;
        this.database = database;
        this.sslMode = sslMode;
        this.endpoints = endpoints;
    }

    @Override
    public void writeAndReadBack(RdsTopology.Node node) {
        RdsEndpoints.Endpoint at = endpoints.apply(node);
        try (Connection c = connect(at)) {
            FailoverChecks.writeAndReadBack(c);
        } catch (SQLException e) {
            throw new IllegalStateException(node.identifier() + " (" + at.host() + ":" + at.port() + ") does not accept writes: "
                    + e.getSQLState() + " " + DatabaseFactsReader.firstLine(e.getMessage()), e);
        }
    }

    /** The standby's replay lag, or null when it cannot be measured (the gate then refuses unless forced). */
    public Duration replicaLag(RdsTopology.Node node) {
        RdsEndpoints.Endpoint at = endpoints.apply(node);
        try (Connection c = connect(at)) {
            return FailoverChecks.replayLag(c);
        } catch (SQLException e) {
            return null;
        }
    }

    private Connection connect(RdsEndpoints.Endpoint at) throws SQLException {
        Credential login = secrets.valueAt(secretArn, "AWSCURRENT")
                .orElseThrow(() -> new IllegalStateException("secret " + secretArn + " has no AWSCURRENT value"));
        Properties props = JdbcLogin.properties(login, sslMode, "silenttalk-failover");
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + at.host() + ":" + at.port() + "/" + database, props);
        } finally {
            JdbcLogin.forget(props);
        }
    }

    /** Reading the secret; it is encrypted with the suite's customer managed key, which Secrets Manager decrypts for us. */
    public List<String> requiredActions() {
        return List.of("secretsmanager:GetSecretValue", "kms:Decrypt");
    }
}

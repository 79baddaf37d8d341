package com.silenttalk.automation.aws.failover;

import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.Stage;
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

    /** The outcome of one connection attempt; {@code detail} names the SQL state, never the login. */
    public record Reach(boolean reachable, String detail) {
    }

    /**
     * Whether the node answers a TLS login within {@link #REACH_TIMEOUT_SECONDS} (connect, login and the first
     * round trip each bounded). Read-only: no table, no row. A refusal by the server itself (wrong login, unknown
     * database) still proves it reachable, so it counts as reached and the detail says why the login failed.
     */
    public Reach reach(RdsTopology.Node node) {
        RdsEndpoints.Endpoint at = endpoints.apply(node);
        try (Connection c = connect(at, REACH_TIMEOUT_SECONDS)) {
            return c.isValid(REACH_TIMEOUT_SECONDS) ? new Reach(true, "connected")
                    : new Reach(false, "connected but no answer within " + REACH_TIMEOUT_SECONDS + " s");
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean serverAnswered = state.startsWith("28") || state.startsWith("3D");
            return new Reach(serverAnswered, state + " " + DatabaseFactsReader.firstLine(e.getMessage()));
        }
    }

    /** Short enough that a one-minute probe never overlaps the next, long enough for a cross-AZ TLS handshake. */
    static final int REACH_TIMEOUT_SECONDS = 5;

    private Connection connect(RdsEndpoints.Endpoint at) throws SQLException {
        return connect(at, 0);
    }

    /** @param timeoutSeconds bounds connect, login and every read; 0 keeps {@link JdbcLogin}'s defaults */
    private Connection connect(RdsEndpoints.Endpoint at, int timeoutSeconds) throws SQLException {
        Credential login = secrets.valueAt(secretArn, Stage.CURRENT)
                .orElseThrow(() -> new IllegalStateException("secret " + secretArn + " has no AWSCURRENT value"));
        Properties props = JdbcLogin.properties(login, sslMode, "silenttalk-failover");
        if (timeoutSeconds > 0) {
            for (String timeout : List.of("connectTimeout", "loginTimeout", "socketTimeout")) {
                props.setProperty(timeout, Integer.toString(timeoutSeconds));
            }
        }
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

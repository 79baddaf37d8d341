package com.silenttalk.automation.azure.failover;

import com.silenttalk.automation.azure.flexibleserver.AdminPasswords;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.postgres.DatabaseFactsReader;
import com.silenttalk.automation.postgres.FailoverChecks;
import com.silenttalk.automation.postgres.JdbcLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * The write check on a promoted Flexible Server: a real insert and read-back over TLS, with the
 * admin password read from Key Vault by secret URI. The password never leaves this method:
 * failures name the server, host and SQL state only.
 */
public final class JdbcWriteProbe implements WriteProbe {
    private final AdminPasswords passwords;
    private final String secretUri;
    private final String user;
    private final String database;
    private final String sslMode;
    private final int port;

    public JdbcWriteProbe(AdminPasswords passwords, String secretUri, String user, String database,
                          String sslMode, int port) {
        this.passwords = passwords;
        this.secretUri = secretUri;
        this.user = user;
        this.database = database;
        this.sslMode = sslMode;
        this.port = port;
    }

    @Override
    public void writeAndReadBack(String server, String host) {
        try (Connection c = connect(host)) {
            FailoverChecks.writeAndReadBack(c);
        } catch (SQLException e) {
            throw new IllegalStateException(server + " (" + host + ") does not accept writes: " + e.getSQLState() + " "
                    + DatabaseFactsReader.firstLine(e.getMessage()), e);
        }
    }

    /** The replica's replay lag for the gate, or null when it cannot be measured (the gate then refuses unless forced). */
    public Duration replicaLag(String server, String host) {
        try (Connection c = connect(host)) {
            return FailoverChecks.replayLag(c);
        } catch (SQLException e) {
            return null;
        }
    }

    private Connection connect(String host) throws SQLException {
        char[] password = passwords.password(secretUri);
        Properties props;
        try {
            props = JdbcLogin.properties(new Credential(user, host, password, Map.of()), sslMode, "silenttalk-failover");
        } finally {
            Arrays.fill(password, '\0');
        }
        try {
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
        } finally {
            JdbcLogin.forget(props);
        }
    }
}

package com.silenttalk.automation.local.invoke;

import java.net.URI;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * JDBC during a dry-run. Every adapter of the functions (census, drill verification, failover probes, the Azure
 * dump, rotation targets) connects through {@link DriverManager}, so for the length of a dry-run the registered
 * drivers are set aside and one that records the connection and refuses it stands in; {@link #close()} puts the
 * drivers back. A refused connection is an {@link SQLException}, as an unreachable server would be.
 */
final class DryRunJdbc implements AutoCloseable {
    /** What a dry-run would have connected to; never the URL's query, which may carry a password. */
    record PlannedConnection(String host, int port, String database) {
    }

    private final List<Driver> setAside;
    private final Driver planner;

    private DryRunJdbc(List<Driver> setAside, Driver planner) {
        this.setAside = setAside;
        this.planner = planner;
    }

    static DryRunJdbc install(Consumer<PlannedConnection> planned) {
        List<Driver> drivers = Collections.list(DriverManager.getDrivers());
        Driver planner = new PlanningDriver(planned);
        try {
            for (Driver driver : drivers) {
                DriverManager.deregisterDriver(driver);
            }
            DriverManager.registerDriver(planner);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the JDBC drivers aside for a dry-run", e);
        }
        return new DryRunJdbc(drivers, planner);
    }

    @Override
    public void close() {
        try {
            DriverManager.deregisterDriver(planner);
            for (Driver driver : setAside) {
                DriverManager.registerDriver(driver);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restore the JDBC drivers after a dry-run", e);
        }
    }

    private static final class PlanningDriver implements Driver {
        private final Consumer<PlannedConnection> planned;

        PlanningDriver(Consumer<PlannedConnection> planned) {
            this.planned = planned;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            PlannedConnection connection;
            try {
                URI at = URI.create(url.substring("jdbc:".length()));
                connection = new PlannedConnection(String.valueOf(at.getHost()), at.getPort(),
                        at.getPath() == null ? "" : at.getPath().replaceFirst("^/", ""));
            } catch (IllegalArgumentException e) {
                connection = new PlannedConnection("(unparsable URL)", -1, "");
            }
            planned.accept(connection);
            throw new SQLException("dry-run: the connection to " + connection.host() + " is planned, not opened", "08001");
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith("jdbc:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no JDBC logging in a dry-run");
        }
    }
}

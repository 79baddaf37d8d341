package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.SourceIdentity;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.postgres.SnapshotSourceReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What opsctl learns from the source before it writes anything: that its login works (every
 * time, even when this window's snapshot already exists, so a broken credential shows at once),
 * how large its data is, for the free-space pre-flight, and which database it is, so that a
 * snapshot of another is never taken for this one's.
 *
 * @param tableBytes heap and TOAST of the tables pg_dump reads, without indexes: what a dump can hold
 * @param databaseBytes the whole database, indexes included: what a restore rebuilds
 * @param identity which database of which server the login reached
 */
public record SourceCheck(long tableBytes, long databaseBytes, SourceIdentity identity) {
    private static final String SIZES = """
            SELECT pg_database_size(current_database()),
                   coalesce((SELECT sum(pg_table_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                               AND n.nspname NOT LIKE 'pg\\_toast%'), 0)""";

    public SourceCheck {
        if (tableBytes < 0 || databaseBytes < 0) {
            throw new IllegalArgumentException("sizes cannot be negative");
        }
    }

    /** Logs in to the source and measures it; a refused login or an unreachable server is exit 3. */
    public static SourceCheck of(PgEndpoint source) {
        Connection c;
        try {
            c = source.connect();
        } catch (SQLException e) {
            throw new EnvironmentException("source database " + source + " is unreachable: " + firstLine(e.getMessage()), e);
        }
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SIZES)) {
            rs.next();
            return new SourceCheck(rs.getLong(2), rs.getLong(1), SnapshotSourceReader.identity(c, source.host(), source.port()));
        } catch (SQLException e) {
            throw new EnvironmentException("cannot measure source database " + source + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

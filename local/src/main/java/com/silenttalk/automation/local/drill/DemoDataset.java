package com.silenttalk.automation.local.drill;

import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A SilentTalk-like dataset: users, contacts, calls, messages and sessions with foreign
 * keys and indexes, generated server-side so loading costs one round trip per table.
 */
public final class DemoDataset {
    /** Shares of the total rows per table, in per mille. */
    private static final int USERS = 100;
    private static final int CONTACTS = 200;
    private static final int CALLS = 200;
    private static final int SESSIONS = 100;
    /** Past this a demo only fills the disk (99,999,999,999 rows once wrote 73 GB before it was stopped). */
    public static final long MAX_ROWS = 100_000_000L;

    private DemoDataset() {
    }

    public record Sizes(long users, long contacts, long calls, long messages, long sessions) {
        public long total() {
            return users + contacts + calls + messages + sessions;
        }
    }

    /** Refuses, before anything is started or written, a dataset size out of range; {@code option} names it. */
    public static long checkRows(String option, long totalRows) {
        if (totalRows < 10 || totalRows > MAX_ROWS) {
            throw new com.silenttalk.automation.core.InvalidFieldException(option,
                    "must be 10-" + MAX_ROWS + " rows, got " + totalRows);
        }
        return totalRows;
    }

    public static Sizes sizesFor(long totalRows) {
        checkRows("rows", totalRows);
        long users = Math.max(1, totalRows * USERS / 1000);
        long contacts = totalRows * CONTACTS / 1000;
        long calls = totalRows * CALLS / 1000;
        long sessions = totalRows * SESSIONS / 1000;
        long messages = totalRows - users - contacts - calls - sessions;
        return new Sizes(users, contacts, calls, messages, sessions);
    }

    public static Sizes load(PgEndpoint target, long totalRows) {
        Sizes n = sizesFor(totalRows);
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE users (
                      id bigint PRIMARY KEY,
                      handle text NOT NULL UNIQUE,
                      display_name text NOT NULL,
                      created_at timestamptz NOT NULL
                    );
                    CREATE TABLE contacts (
                      owner_id bigint NOT NULL REFERENCES users(id),
                      contact_id bigint NOT NULL REFERENCES users(id),
                      added_at timestamptz NOT NULL,
                      PRIMARY KEY (owner_id, contact_id)
                    );
                    CREATE TABLE calls (
                      id bigint PRIMARY KEY,
                      caller_id bigint NOT NULL REFERENCES users(id),
                      callee_id bigint NOT NULL REFERENCES users(id),
                      started_at timestamptz NOT NULL,
                      duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
                      kind text NOT NULL CHECK (kind IN ('audio', 'video'))
                    );
                    CREATE TABLE messages (
                      id bigint PRIMARY KEY,
                      sender_id bigint NOT NULL REFERENCES users(id),
                      recipient_id bigint NOT NULL REFERENCES users(id),
                      sent_at timestamptz NOT NULL,
                      body text NOT NULL
                    );
                    CREATE TABLE sessions (
                      id bigint PRIMARY KEY,
                      user_id bigint NOT NULL REFERENCES users(id),
                      device text NOT NULL,
                      last_seen timestamptz NOT NULL
                    );
                    """);
            long u = n.users();
            s.execute("INSERT INTO users SELECT g, 'user' || g, 'User ' || g, now() - g * interval '1 minute'"
                    + " FROM generate_series(1, " + u + ") g");
            s.execute("INSERT INTO contacts SELECT ((g - 1) % " + u + ") + 1, ((g - 1 + (g - 1) / " + u + " + 1) % " + u + ") + 1,"
                    + " now() - g * interval '1 second' FROM generate_series(1, " + n.contacts() + ") g ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO calls SELECT g, (g % " + u + ") + 1, ((g * 7) % " + u + ") + 1,"
                    + " now() - g * interval '30 seconds', (g * 13) % 3600, CASE WHEN g % 3 = 0 THEN 'video' ELSE 'audio' END"
                    + " FROM generate_series(1, " + n.calls() + ") g");
            s.execute("INSERT INTO messages SELECT g, (g % " + u + ") + 1, ((g * 11) % " + u + ") + 1,"
                    + " now() - g * interval '5 seconds', 'message ' || g || ' ' || md5(g::text)"
                    + " FROM generate_series(1, " + n.messages() + ") g");
            s.execute("INSERT INTO sessions SELECT g, (g % " + u + ") + 1, CASE WHEN g % 2 = 0 THEN 'web' ELSE 'ios' END,"
                    + " now() - g * interval '1 minute' FROM generate_series(1, " + n.sessions() + ") g");
            s.execute("CREATE INDEX messages_recipient_sent ON messages (recipient_id, sent_at)");
            s.execute("CREATE INDEX calls_caller_started ON calls (caller_id, started_at)");
            s.execute("ANALYZE");
            long contacts;
            try (var rs = s.executeQuery("SELECT count(*) FROM contacts")) {
                rs.next();
                contacts = rs.getLong(1);
            }
            return new Sizes(n.users(), contacts, n.calls(), n.messages(), n.sessions());
        } catch (SQLException e) {
            throw new EnvironmentException("cannot load the demo dataset into " + target + ": " + e.getMessage(), e);
        }
    }
}

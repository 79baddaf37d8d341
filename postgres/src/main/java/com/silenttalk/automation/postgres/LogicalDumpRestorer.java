package com.silenttalk.automation.postgres;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a {@link LogicalDumpWriter} dump into an empty database in one transaction: a dump
 * that is cut short, corrupt, or does not load row for row leaves the database as it was.
 */
public final class LogicalDumpRestorer {
    private LogicalDumpRestorer() {
    }

    /** Thrown when the dump itself is not a complete, well-formed dump. */
    public static final class CorruptDumpException extends IOException {
        CorruptDumpException(String message) {
            super(message);
        }
    }

    /** @return rows loaded per table */
    public static Map<String, Long> restore(InputStream in, Connection c) throws SQLException, IOException {
        DataInputStream dump = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
        byte[] magic = dump.readNBytes(LogicalDumpFormat.MAGIC.length);
        if (!Arrays.equals(magic, LogicalDumpFormat.MAGIC) || dump.read() != LogicalDumpFormat.VERSION) {
            throw new CorruptDumpException("not a version " + LogicalDumpFormat.VERSION + " JDBC logical dump");
        }
        c.setAutoCommit(false);
        boolean done = false;
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            Map<String, Long> loaded = new LinkedHashMap<>();
            try (Statement s = c.createStatement()) {
                for (int tag = dump.read(); tag != LogicalDumpFormat.END; tag = dump.read()) {
                    if (tag == LogicalDumpFormat.STATEMENT) {
                        s.execute(LogicalDumpFormat.readString(dump));
                    } else if (tag == LogicalDumpFormat.TABLE) {
                        String table = LogicalDumpFormat.readString(dump);
                        LogicalDumpFormat.ChunkInput rows = new LogicalDumpFormat.ChunkInput(dump);
                        long count = copy.copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", rows);
                        rows.drain();
                        long dumped = dump.readLong();
                        if (count != dumped) {
                            throw new CorruptDumpException(table + ": loaded " + count + " rows, the dump holds " + dumped);
                        }
                        loaded.put(table, count);
                    } else if (tag < 0) {
                        throw new CorruptDumpException("the dump ends before its end mark: it was cut short");
                    } else {
                        throw new CorruptDumpException("unknown record '" + (char) tag + "' in the dump");
                    }
                }
            }
            c.commit();
            done = true;
            return loaded;
        } catch (java.io.EOFException e) {
            throw new CorruptDumpException("the dump ends inside a record: it was cut short");
        } finally {
            if (!done) {
                c.rollback();
            }
        }
    }
}

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
 * Loads a {@link LogicalDumpWriter} dump (or the parts of a {@link LogicalDumpParts} dump, concatenated) into an
 * empty database in one transaction: a dump that is cut short, corrupt, or does not load row for row leaves the
 * database as it was.
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
        DataInputStream dump = new DataInputStream(new BufferedInputStream(new GZIPInputStream(new MemberBoundaries(in), 1 << 16), 1 << 16));
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
                        loaded.merge(table, count, Long::sum); // a large table dumped in parts has a record per range
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

    /**
     * A dump in parts is several gzip members. GZIPInputStream reads past a member's end only when the stream's
     * {@code available()} is above 0 (JDK-7036144), which a network stream often says at a boundary: the dump would
     * then look cut short. Here {@code available()} reads ahead one byte to tell "more" from the end.
     */
    private static final class MemberBoundaries extends java.io.PushbackInputStream {
        MemberBoundaries(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int buffered = super.available();
            if (buffered > 0) {
                return buffered;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }
}

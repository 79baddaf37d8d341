package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.ObjectInventory;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;

/**
 * A {@link LogicalDumpWriter} dump written in parts, each by its own connection and transaction, so that a large
 * database is dumped by many short activities: the head (schema before data), one part per table or per page range
 * of a large table, and the tail (indexes, constraints, the end mark). Each part is a gzip member of its own; the
 * parts concatenated in order are one dump that {@link LogicalDumpRestorer} loads (a large table's ranges are
 * several 'T' records of the same table).
 * <p>
 * The parts are one consistent dump only if nothing changes the source between them: read them from a frozen copy
 * (a point-in-time restore, a base backup started read-only), never from a live primary. Page ranges (ctid) are
 * stable for the same reason.
 */
public final class LogicalDumpParts {
    /** The head's and the tail's places around the data parts. */
    public static final int HEAD = 0;

    /** One table's rows, or the rows on pages [{@code fromPage}, {@code toPage}) of it ({@code toPage} -1: to the end). */
    public record Part(int index, String table, long fromPage, long toPage) {
        public Part {
            if (index < 1) {
                throw new IllegalArgumentException("part index must be at least 1, got " + index);
            }
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("part table must not be blank");
            }
            if (fromPage < 0 || (toPage != -1 && toPage <= fromPage)) {
                throw new IllegalArgumentException("part pages must be a range, got [" + fromPage + ", " + toPage + ")");
            }
        }

        boolean wholeTable() {
            return fromPage == 0 && toPage == -1;
        }
    }

    private LogicalDumpParts() {
    }

    /**
     * The data parts, in order: a table of at most {@code partBytes} (heap and TOAST) is one part, a larger one is
     * split into page ranges of about {@code partBytes} each.
     */
    public static List<Part> plan(Connection c, long partBytes) throws SQLException {
        if (partBytes < 8192) {
            throw new IllegalArgumentException("partBytes must be at least one page (8192), got " + partBytes);
        }
        c.setAutoCommit(false);
        c.setReadOnly(true);
        try {
            return planRanges(c, partBytes);
        } finally {
            c.rollback();
        }
    }

    private static List<Part> planRanges(Connection c, long partBytes) throws SQLException {
        List<Part> parts = new ArrayList<>();
        try (PreparedStatement sizes = c.prepareStatement("SELECT pg_table_size(?::regclass),"
                + " pg_relation_size(?::regclass) / current_setting('block_size')::bigint")) {
            for (String table : CatalogInspector.tables(c)) {
                sizes.setString(1, table);
                sizes.setString(2, table);
                long bytes;
                long pages;
                try (ResultSet rs = sizes.executeQuery()) {
                    rs.next();
                    bytes = rs.getLong(1);
                    pages = rs.getLong(2);
                }
                long ranges = Math.min(Math.max(1, pages), Math.max(1, (bytes + partBytes - 1) / partBytes));
                long pagesPerRange = (pages + ranges - 1) / Math.max(1, ranges);
                for (long from = 0, i = 0; i < ranges; i++, from += pagesPerRange) {
                    boolean last = i == ranges - 1;
                    parts.add(new Part(parts.size() + 1, table, from, last ? -1 : from + pagesPerRange));
                }
            }
        }
        return List.copyOf(parts);
    }

    /** The dump's start (magic, version, the schema before data) and what the source holds, read in one transaction. */
    public static LogicalDumpWriter.Facts writeHead(Connection c, OutputStream out) throws SQLException, IOException {
        return inReadOnlyTransaction(c, () -> {
            ObjectInventory objects = ObjectInventoryReader.read(c, ObjectInventoryReader.sequences(c));
            String version = CatalogInspector.serverVersion(c);
            SchemaScript schema = SchemaScript.read(c);
            member(out, dump -> {
                dump.write(LogicalDumpFormat.MAGIC);
                dump.writeByte(LogicalDumpFormat.VERSION);
                for (String sql : schema.beforeData()) {
                    LogicalDumpWriter.statement(dump, sql);
                }
            });
            return new LogicalDumpWriter.Facts(java.time.Instant.EPOCH, version, objects, Map.of());
        });
    }

    /** What a manifest says of the source (objects, server version), read in one transaction: the head's facts again. */
    public static LogicalDumpWriter.Facts facts(Connection c) throws SQLException, IOException {
        return inReadOnlyTransaction(c, () -> new LogicalDumpWriter.Facts(java.time.Instant.EPOCH, CatalogInspector.serverVersion(c),
                ObjectInventoryReader.read(c, ObjectInventoryReader.sequences(c)), Map.of()));
    }

    /** @return the rows the part holds */
    public static long writePart(Connection c, Part part, OutputStream out) throws SQLException, IOException {
        Objects.requireNonNull(part, "part");
        return inReadOnlyTransaction(c, () -> {
            String copySql = part.wholeTable() ? "COPY " + part.table() + " TO STDOUT (FORMAT binary)"
                    : "COPY (SELECT " + copiedColumns(c, part.table()) + " FROM " + part.table() + " WHERE ctid >= '("
                    + part.fromPage() + ",0)'::tid" + (part.toPage() == -1 ? "" : " AND ctid < '(" + part.toPage() + ",0)'::tid")
                    + ") TO STDOUT (FORMAT binary)";
            long[] rows = new long[1];
            member(out, dump -> rows[0] = LogicalDumpWriter.tableData(c.unwrap(PGConnection.class).getCopyAPI(), dump,
                    part.table(), copySql));
            return rows[0];
        });
    }

    /** The dump's end: what is built after the data (indexes, constraints, triggers), then the end mark. */
    public static void writeTail(Connection c, OutputStream out) throws SQLException, IOException {
        inReadOnlyTransaction(c, () -> {
            SchemaScript schema = SchemaScript.read(c);
            member(out, dump -> {
                for (String sql : schema.afterData()) {
                    LogicalDumpWriter.statement(dump, sql);
                }
                dump.writeByte(LogicalDumpFormat.END);
            });
            return null;
        });
    }

    /** The columns {@code COPY table FROM} expects, in its order: not dropped, not generated. */
    private static String copiedColumns(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
                + " FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String columns = rs.getString(1);
                return columns == null ? "" : columns;
            }
        }
    }

    private interface DumpBody {
        void write(DataOutputStream dump) throws SQLException, IOException;
    }

    private interface InTransaction<T> {
        T run() throws SQLException, IOException;
    }

    private static void member(OutputStream out, DumpBody body) throws SQLException, IOException {
        GZIPOutputStream gzip = LogicalDumpWriter.gzip(out);
        DataOutputStream dump = new DataOutputStream(new BufferedOutputStream(gzip, 1 << 16));
        body.write(dump);
        dump.flush();
        gzip.finish();
        out.flush();
    }

    private static <T> T inReadOnlyTransaction(Connection c, InTransaction<T> work) throws SQLException, IOException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try {
            return work.run();
        } finally {
            c.rollback();
        }
    }
}

package com.silenttalk.automation.postgres;

import com.silenttalk.automation.core.backup.ObjectInventory;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A logical dump made over JDBC alone, for runners without pg_dump (the Azure Functions Java
 * worker): one read-only REPEATABLE READ transaction reads the schema
 * ({@link SchemaScript}), the object inventory and every table's rows with
 * {@code COPY ... TO STDOUT (FORMAT binary)}, so everything in the dump and in its facts is
 * the same snapshot, whatever commits meanwhile. Rows stream through a small buffer into
 * {@code out} ({@link LogicalDumpFormat}, gzip): memory does not grow with the database.
 * {@link LogicalDumpRestorer} loads it.
 */
public final class LogicalDumpWriter {
    private static final int BUFFER = 1 << 16;

    /** What was true at the dump's snapshot; {@code rowCounts} are the rows COPY wrote, per "schema.table". */
    public record Facts(Instant consistentPoint, String serverVersion, ObjectInventory objects, Map<String, Long> rowCounts) {
        public Facts {
            rowCounts = Map.copyOf(rowCounts);
        }

        public String schemaFingerprint() {
            return objects.digest(ObjectInventory.SCHEMA);
        }
    }

    private LogicalDumpWriter() {
    }

    /**
     * Writes the dump to {@code out}, which is flushed but left open: the caller decides whether
     * what was written is kept. The connection's transaction is ended (read-only, nothing to keep).
     */
    public static Facts write(Connection c, OutputStream out) throws SQLException, IOException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try {
            Instant consistentPoint;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT statement_timestamp()")) {
                rs.next(); // the first statement fixes the transaction's snapshot
                consistentPoint = rs.getTimestamp(1).toInstant();
            }
            List<String> tables = CatalogInspector.tables(c);
            if (!tables.isEmpty()) {
                try (Statement s = c.createStatement()) {
                    // as pg_dump does: no table can be dropped or rewritten under the dump
                    s.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS SHARE MODE");
                }
            }
            // sequences first: the script reads them again, so the restore's can only be at or beyond these
            ObjectInventory objects = ObjectInventoryReader.read(c, ObjectInventoryReader.sequences(c));
            String version = CatalogInspector.serverVersion(c);
            SchemaScript schema = SchemaScript.read(c);

            GZIPOutputStream gzip = gzip(out);
            DataOutputStream dump = new DataOutputStream(new BufferedOutputStream(gzip, BUFFER));
            dump.write(LogicalDumpFormat.MAGIC);
            dump.writeByte(LogicalDumpFormat.VERSION);
            for (String sql : schema.beforeData()) {
                statement(dump, sql);
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : tables) {
                counts.put(table, tableData(copy, dump, table, "COPY " + table + " TO STDOUT (FORMAT binary)"));
            }
            for (String sql : schema.afterData()) {
                statement(dump, sql);
            }
            dump.writeByte(LogicalDumpFormat.END);
            dump.flush();
            gzip.finish();
            out.flush();
            return new Facts(consistentPoint, version, objects, counts);
        } finally {
            c.rollback();
        }
    }

    /** One 'T' record: the rows {@code copySql} writes, in chunks, then their count. */
    static long tableData(CopyManager copy, DataOutputStream dump, String table, String copySql)
            throws SQLException, IOException {
        dump.writeByte(LogicalDumpFormat.TABLE);
        LogicalDumpFormat.writeString(dump, table);
        LogicalDumpFormat.ChunkOutput chunks = new LogicalDumpFormat.ChunkOutput(dump);
        // the driver writes one message per row: buffered, so chunks are large
        BufferedOutputStream buffered = new BufferedOutputStream(chunks, BUFFER);
        long rows = copy.copyOut(copySql, buffered);
        buffered.flush();
        chunks.end();
        dump.writeLong(rows);
        return rows;
    }

    static GZIPOutputStream gzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(new NonClosing(out), BUFFER) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    static void statement(DataOutputStream dump, String sql) throws IOException {
        dump.writeByte(LogicalDumpFormat.STATEMENT);
        LogicalDumpFormat.writeString(dump, sql);
    }

    /** Lets gzip finish its trailer without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

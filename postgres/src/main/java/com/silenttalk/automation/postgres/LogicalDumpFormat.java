package com.silenttalk.automation.postgres;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing of a JDBC logical dump, gzip-compressed as a whole:
 * <pre>
 * "STJDUMP" version(byte)
 * ( 'Q' sql(string)                                      -- a statement, run in order
 * | 'T' table(string) chunk* 0(int) rows(long) )*        -- COPY ... (FORMAT binary) data, in chunks
 * 'E'                                                    -- a dump without it was cut short
 * string = length(int) UTF-8 bytes; chunk = length(int &gt; 0) bytes
 * </pre>
 * COPY streams have no length up front, hence the chunks; the row count after them lets the
 * restore prove it loaded every row that was dumped.
 */
final class LogicalDumpFormat {
    static final byte[] MAGIC = "STJDUMP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int STATEMENT = 'Q';
    static final int TABLE = 'T';
    static final int END = 'E';

    private LogicalDumpFormat() {
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 << 20) {
            throw new IOException("corrupt dump: a string of " + length + " bytes");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Frames whatever is written into length-prefixed chunks; {@link #end} writes the terminating 0. */
    static final class ChunkOutput extends OutputStream {
        private final DataOutputStream out;

        ChunkOutput(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            if (length > 0) {
                out.writeInt(length);
                out.write(buffer, offset, length);
            }
        }

        void end() throws IOException {
            out.writeInt(0);
        }
    }

    /** Reads one table's chunks as a stream that ends at the terminating 0. */
    static final class ChunkInput extends InputStream {
        private final DataInputStream in;
        private int remaining;
        private boolean ended;

        ChunkInput(DataInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!ended && remaining == 0) {
                remaining = in.readInt();
                if (remaining < 0) {
                    throw new IOException("corrupt dump: a chunk of " + remaining + " bytes");
                }
                ended = remaining == 0;
            }
            if (ended) {
                return -1;
            }
            int n = in.read(buffer, offset, Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("dump ends inside a table's data");
            }
            remaining -= n;
            return n;
        }

        /** Skips what the reader left, so the next record starts where it should. */
        void drain() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }
    }
}

package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.backup.BackupIntegrityException;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** One pass over an archive's bytes that hashes them while it writes them (or just reads them). */
public final class HashingCopy {
    /** Large enough that the disk or the pipe, not the loop, sets the pace. */
    private static final int BUFFER = 1 << 20;

    public record Result(String sha256, long bytes) {
    }

    private HashingCopy() {
    }

    /** Streams {@code from} into {@code to} (created 0600: an archive holds every row), hashing as it goes, then forces it to disk. */
    public static Result copy(InputStream from, Path to) {
        try (from; FileChannel out = FileChannel.open(to, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), LocalFiles.privateFile())) {
            Result r = pump(from, new FileChannelOutput(out));
            out.force(true);
            return r;
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }

    public static Result copy(Path from, Path to) {
        return copy(open(from), to);
    }

    /** The SHA-256 of a file, read once. */
    public static Result hash(Path file) {
        try {
            return pump(open(file), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BackupIntegrityException("archive " + file + " is missing");
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Result pump(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return new Result(HexFormat.of().formatHex(sha.digest()), total);
    }

    private static final class FileChannelOutput extends OutputStream {
        private final FileChannel channel;

        FileChannelOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }
}

package com.silenttalk.automation.local.ledger;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.workflow.StepLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Single flight per (operation, database) on this machine: an OS lock on
 * {@code <dir>/<operation>-<database>.lock}. The kernel drops the lock when its process ends, however
 * it ends ({@code kill -9} included), so a lease passes to another run once its holder is gone and
 * never while it lives: no pid guessing, no stale-lease timeout. The file names the holder (pid,
 * process start, since when) for whoever finds it taken. Lock files are kept, never deleted: deleting
 * one while another process waits on it would let two runs hold "the" lease at once.
 */
public final class OperationLease implements AutoCloseable {
    /** Who holds a lease. */
    public record Holder(long pid, Instant processStartedAt, Instant heldSince, String operation, String database) {
        String describe() {
            return "process " + pid + (processStartedAt == null ? "" : " (started " + processStartedAt + ")")
                    + ", holding it since " + heldSince;
        }
    }

    static final Duration POLL = Duration.ofMillis(500);
    /**
     * A run that finds the lease locked but no name in it looks again this often, up to {@link #NAME_READS}
     * times: the holder writes its name right after it locks, and a refusal must say who holds it.
     */
    static final Duration NAME_POLL = Duration.ofMillis(20);
    static final int NAME_READS = 250;
    /** How long {@code --wait} waits for the holder: as long as a drill may take. */
    public static final Duration WAIT_AT_MOST = Duration.ofHours(4);

    /** The {@code --wait} option of every command that takes a lease. */
    public static final class WaitOption {
        @Option(names = "--wait", description = "When another run of this operation on the same database is in progress, "
                + "wait for it to end (up to 4 hours) instead of exiting 2.")
        boolean wait;

        public Duration maxWait() {
            return wait ? WAIT_AT_MOST : Duration.ZERO;
        }
    }

    /**
     * Leases this JVM holds. A second lock on the same file from the same process would not block
     * (the OS lock is per process) and closing its channel would drop the first: both are kept from happening here.
     */
    private static final Map<Path, OperationLease> HELD_HERE = new HashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;

    private OperationLease(Path file, FileChannel channel, FileLock lock, Holder holder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** The lease of a command: under {@code <stateDir>/leases}, waiting as told, saying on stderr whom it waits for. */
    public static OperationLease forCommand(OpsctlContext opsctl, Path stateDir, String operation, String database,
                                            Duration maxWait) {
        OperationLease lease = acquire(stateDir.resolve("leases"), operation, database, maxWait, opsctl.clock(),
                d -> Thread.sleep(d.toMillis()), opsctl.err());
        opsctl.crashPoints().reached("leased:" + operation);
        return lease;
    }

    /**
     * Takes the lease, or refuses (exit 2, naming the holder) when another run holds it. With a
     * positive {@code maxWait} it waits for the holder to finish, saying once on {@code progress} whom it waits for.
     */
    public static OperationLease acquire(Path dir, String operation, String database, Duration maxWait, Clock clock,
                                         StepLoop.Sleeper sleeper, PrintStream progress) {
        Path file = dir.resolve(fileName(operation, database)).toAbsolutePath().normalize();
        Instant deadline = clock.instant().plus(maxWait);
        boolean announced = false;
        int unnamedReads = 0;
        while (true) {
            Holder other;
            synchronized (HELD_HERE) {
                OperationLease mine = HELD_HERE.get(file);
                if (mine == null) {
                    OperationLease taken = tryTake(dir, file, operation, database, clock);
                    if (taken.lock != null) {
                        HELD_HERE.put(file, taken);
                        return taken;
                    }
                    other = taken.holder;
                } else {
                    other = mine.holder;
                }
            }
            if (other == null && unnamedReads++ < NAME_READS) {
                pause(sleeper, NAME_POLL, operation, database); // taken this very moment: its name follows
                continue;
            }
            String who = other == null ? "another process, which has just taken it" : other.describe();
            if (maxWait.isZero() || maxWait.isNegative()) {
                throw new InvalidFieldException(operation, "the " + operation + " of " + UntrustedText.quoted(database) + " is already running in "
                        + who + "; run again with --wait to wait for it");
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new InvalidFieldException(operation, "the " + operation + " of " + UntrustedText.quoted(database) + " was still running after "
                        + maxWait + " of waiting, in " + who);
            }
            if (!announced) {
                progress.printf("[%s] waiting for the %s of %s running in %s%n", operation, operation, UntrustedText.quoted(database), who);
                announced = true;
            }
            pause(sleeper, POLL, operation, database);
        }
    }

    private static void pause(StepLoop.Sleeper sleeper, Duration d, String operation, String database) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while waiting for the " + operation + " of " + UntrustedText.quoted(database), e);
        }
    }

    /** The lease, or (with no lock) a stand-in carrying whoever holds it, read from the file. */
    private static OperationLease tryTake(Path dir, Path file, String operation, String database, Clock clock) {
        FileChannel channel = null;
        try {
            LocalFiles.createPrivateDirectories(dir);
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    LocalFiles.privateFile());
            FileLock lock = channel.tryLock();
            if (lock == null) {
                Holder other = readHolder(channel);
                channel.close();
                return new OperationLease(file, null, null, other);
            }
            ProcessHandle self = ProcessHandle.current();
            Holder me = new Holder(self.pid(), self.info().startInstant().orElse(null), clock.instant(), operation, database);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(LocalJson.write(me).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new OperationLease(file, channel, lock, me);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EnvironmentException("cannot take the " + operation + " lease " + file + ": " + e.getMessage(), e);
        }
    }

    private static Holder readHolder(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || size > 64 * 1024) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // positional reads: the holder's own position is not ours to move
        }
        try {
            return LocalJson.MAPPER.readValue(buffer.array(), 0, buffer.position(), Holder.class);
        } catch (IOException halfWritten) {
            return null; // the holder is writing its name this very moment
        }
    }

    public Holder holder() {
        return holder;
    }

    public Path file() {
        return file;
    }

    /** Releases the lease; the file stays, emptied, for the next run to lock. */
    @Override
    public void close() {
        synchronized (HELD_HERE) {
            if (HELD_HERE.get(file) != this) {
                return;
            }
            HELD_HERE.remove(file);
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException e) {
                // closing the channel below releases the lock all the same
            } finally {
                closeQuietly(channel);
            }
        }
    }

    /** Readable, safe in a file name, and distinct: two names that read alike still differ by their digest. */
    static String fileName(String operation, String database) {
        String readable = database.replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 60) {
            readable = readable.substring(0, 60);
        }
        return operation + "-" + readable + "-" + digest(database) + ".lock";
    }

    private static String digest(String s) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing is left to release: the OS drops the lock with the descriptor
        }
    }
}

package com.silenttalk.automation.local.ledger;

import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestBudget;
import com.silenttalk.automation.core.ledger.RequestRate;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request budget of the local runner: one file per bucket ({@code <dir>/rds_<account>_<region>.budget}) holding
 * the bucket's next free slot, read and rewritten under an OS lock, so the threads of one opsctl and several opsctl
 * processes draw from one rate. The OS lock is per process, so threads of this JVM first take the file's monitor.
 */
public final class FileRequestBudget implements RequestBudget {
    /** One monitor per file for the whole JVM: two budgets on one directory must not lock the file at once. */
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path dir;
    private final RequestRate rate;

    public FileRequestBudget(Path dir, RequestRate rate) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    @Override
    public Instant reserve(RequestBucket bucket, Instant now) {
        // the bucket's parts are letters, digits, '.', '_' and '-' only (RequestBucket checks), so the name is safe
        Path file = dir.resolve(bucket.service() + "_" + bucket.account() + "_" + bucket.region() + ".budget");
        synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
            try {
                LocalFiles.createPrivateDirectories(dir);
                try (FileChannel channel = FileChannel.open(file, java.util.EnumSet.of(StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE), LocalFiles.privateFile());
                     FileLock lock = channel.lock()) {
                    RequestRate.Reservation reservation = rate.reserve(read(channel), now);
                    byte[] text = reservation.nextFree().toString().getBytes(StandardCharsets.US_ASCII);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(text), 0);
                    return reservation.slot();
                }
            } catch (IOException e) {
                throw new EnvironmentException("cannot reserve a request slot of " + bucket + " in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static Optional<Instant> read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}

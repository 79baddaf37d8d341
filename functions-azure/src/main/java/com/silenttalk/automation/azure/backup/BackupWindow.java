package com.silenttalk.automation.azure.backup;

import com.silenttalk.automation.azure.runtime.DurableFanOut;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotWindow;
import com.silenttalk.automation.core.ledger.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * One six-hour window's fan-out, the input of the {@code BackupWindow} orchestration: which databases, how many at
 * once, how long one database's activity may take before its branch is given up (it never holds up the others), and
 * how long a branch keeps asking while its server's backup is still running.
 */
public record BackupWindow(SnapshotWindow window, List<DatabaseId> databases, int parallel, Duration perDatabase,
                           Duration giveUpAfter) {
    /** Activities in flight per window: host.json lets a worker run 4 at once, more workers share the rest. */
    public static final int PARALLEL = 8;
    /** Under the host's functionTimeout (10 min), so the orchestration, not the host, decides that a branch hangs. */
    public static final Duration PER_DATABASE = Duration.ofMinutes(9);
    /** A backup still running this long after its branch started is reported pending, well inside the window. */
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(3);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm'z'").withZone(ZoneOffset.UTC);

    public BackupWindow {
        Objects.requireNonNull(window, "window");
        databases = List.copyOf(databases);
        new DurableFanOut.Limits(parallel, perDatabase, giveUpAfter);
    }

    /** The production bounds. */
    public static BackupWindow of(SnapshotWindow window, List<DatabaseId> databases) {
        return new BackupWindow(window, databases, PARALLEL, PER_DATABASE, GIVE_UP_AFTER);
    }

    public DurableFanOut.Limits limits() {
        return new DurableFanOut.Limits(parallel, perDatabase, giveUpAfter);
    }

    /** The orchestration's instance id: one per window, whichever firing starts it. */
    public String instanceId() {
        return "backup-window-" + STAMP.format(window.start());
    }

    /** The ledger's claim of the window's start: a second firing of the timer in the window finds it. */
    public RunKey runKey() {
        return new RunKey("backup-window/" + STAMP.format(window.start()));
    }

    /** One branch's input: a database in this window. */
    public record Database(SnapshotWindow window, DatabaseId database) {
        public Database {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(database, "database");
        }
    }

    /**
     * What a branch came to. {@code status} is TakeSnapshots' (TAKEN, ALREADY_TAKEN, PENDING) or FAILED / TIMED_OUT;
     * {@code againAfterSeconds} &gt; 0 asks the orchestration to call again after that wait (the backup is running).
     * {@code dumpInPartsFrom}: the database is too large for the branch's one-activity dump, so its dump is a
     * ChunkedDump reading a point-in-time restore at this instant (the backup's completion); null for a single dump.
     */
    public record DatabaseResult(DatabaseId database, String snapshotId, String status, long againAfterSeconds, String detail,
                                 Instant dumpInPartsFrom) {
        public DatabaseResult {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(status, "status");
        }

        /** A branch whose dump (if any) was made in the branch itself. */
        public DatabaseResult(DatabaseId database, String snapshotId, String status, long againAfterSeconds, String detail) {
            this(database, snapshotId, status, againAfterSeconds, detail, null);
        }

        public boolean succeeded() {
            return "TAKEN".equals(status) || "ALREADY_TAKEN".equals(status);
        }
    }
}

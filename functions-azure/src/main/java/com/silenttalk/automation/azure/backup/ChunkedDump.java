package com.silenttalk.automation.azure.backup;

import com.silenttalk.automation.azure.runtime.DurableFanOut;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.ConsistentReadPoint;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotId;
import com.silenttalk.automation.postgres.LogicalDumpParts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One database's dump in parts, the input of the {@code ChunkedDump} orchestration: which snapshot, read at which
 * point in time (the window's backup, restored into a throwaway server), how much table data one part holds and how
 * long one part's activity may take. {@code partBytes} must be sized so that a part finishes well inside
 * {@code perPart}; the host's own limit (functionTimeout, 10 min) caps {@code perPart}.
 */
public record ChunkedDump(SnapshotId snapshotId, DatabaseId database, Instant pointInTime, long partBytes, Duration perPart,
                          int parallel) {
    /** 9 minutes at a conservative 20 MB/s of table data read, compressed and staged is about 10 GB: half of it. */
    public static final long PART_BYTES = 4L << 30;
    public static final Duration PER_PART = Duration.ofMinutes(9);
    public static final int PARALLEL = 4;
    static final long MIN_PART_BYTES = 1 << 20;
    static final Duration MAX_PER_PART = Duration.ofMinutes(9);
    /** A point-in-time restore of a large server takes a while; past this the dump is given up (and can be run again). */
    static final Duration PROVISION_WITHIN = Duration.ofHours(3);

    public ChunkedDump {
        if (snapshotId == null) {
            throw new InvalidFieldException("snapshotId", "is required");
        }
        if (database == null) {
            throw new InvalidFieldException("database", "is required");
        }
        if (pointInTime == null) {
            throw new InvalidFieldException("pointInTime", "is required");
        }
        if (partBytes < MIN_PART_BYTES) {
            throw new InvalidFieldException("partBytes", "must be at least " + MIN_PART_BYTES + " (1 MiB), got " + partBytes);
        }
        if (perPart == null || perPart.compareTo(Duration.ofSeconds(1)) < 0 || perPart.compareTo(MAX_PER_PART) > 0) {
            throw new InvalidFieldException("perPart", "must be 1 s to " + MAX_PER_PART.toMinutes() + " min (the host's"
                    + " functionTimeout is 10 min), got " + perPart);
        }
        if (parallel < 1 || parallel > 16) {
            throw new InvalidFieldException("parallel", "must be 1-16, got " + parallel);
        }
    }

    /** The production bounds. */
    public static ChunkedDump of(SnapshotId snapshotId, DatabaseId database, Instant pointInTime) {
        return new ChunkedDump(snapshotId, database, pointInTime, PART_BYTES, PER_PART, PARALLEL);
    }

    /** One instance per snapshot: a dump started again (after its orchestration was killed) is the same instance. */
    public String instanceId() {
        return "chunked-dump-" + snapshotId.value();
    }

    public String sourceName() {
        return PointInTimeDumpSource.nameFor(snapshotId.value());
    }

    DurableFanOut.Limits partLimits() {
        return new DurableFanOut.Limits(parallel, perPart, perPart);
    }

    DurableFanOut.Limits provisionLimits() {
        return new DurableFanOut.Limits(1, perPart, PROVISION_WITHIN);
    }

    /** The dump source activity's answer: the source once ready, else how long to wait before asking again. */
    public record Provisioned(ConsistentReadPoint.DumpSource source, long againAfterSeconds, String status) {
    }

    /** What the plan activity and the commit activity are given. */
    public record OnSource(ChunkedDump dump, ConsistentReadPoint.DumpSource source) {
        public OnSource {
            Objects.requireNonNull(dump, "dump");
            Objects.requireNonNull(source, "source");
        }
    }

    /** The data parts, in order (indexes 1..n; the head is 0 and the tail n + 1). */
    public record Plan(List<LogicalDumpParts.Part> parts) {
        public Plan {
            parts = List.copyOf(parts);
        }
    }

    public enum Kind { HEAD, DATA, TAIL }

    /** One part activity's input; {@code part} is null for the head and the tail. */
    public record PartInput(ChunkedDump dump, ConsistentReadPoint.DumpSource source, int index, Kind kind,
                            LogicalDumpParts.Part part) {
        public PartInput {
            Objects.requireNonNull(dump, "dump");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.DATA) != (part != null)) {
                throw new IllegalArgumentException("a " + kind + " part " + (part == null ? "needs" : "has no") + " a table range");
            }
        }
    }

    /** What a part staged; {@code skipped}: an earlier run had staged it, so this one did nothing. */
    public record PartResult(int index, Kind kind, String table, long rows, BlobDumpExporter.StagedPart staged, boolean skipped) {
        public PartResult {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(staged, "staged");
        }
    }

    /** The commit activity's input: every part, in order. */
    public record Commit(OnSource on, List<PartResult> parts) {
        public Commit {
            parts = List.copyOf(parts);
        }
    }

    /** The release activity's answer: gone, or ask again after a wait. */
    public record Released(String name, long againAfterSeconds) {
    }
}

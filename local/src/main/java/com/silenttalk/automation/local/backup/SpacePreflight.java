package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.local.DiskSpace;
import com.silenttalk.automation.local.EnvironmentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses, before anything is written, work that cannot fit on disk (a 73 GB demo once filled one to
 * 98 %). Needs are estimated with a margin, summed per file system (a dump, its copy and the restore
 * often share one), and compared with the free space: too little is exit 3, with both numbers.
 */
public final class SpacePreflight {
    private static final long MIB = 1024L * 1024;
    /** Headroom every write keeps: temp files, the manifest, the journal. */
    private static final long RESERVE = 16 * MIB;
    /** An empty cluster (initdb) and its WAL before the first checkpoint. */
    private static final long CLUSTER_BASE = 64 * MIB;
    /**
     * A custom-format, compressed archive restores into several times its size (indexes are rebuilt,
     * data decompressed): the 100,000-row demo's 2.0 MB archive became 13 MB of data in a 20.6 MiB database.
     */
    static final int RESTORE_PER_ARCHIVE_BYTE = 5;
    /**
     * What one demo row costs across the source, the dump, its copy and the restore, with their WAL:
     * measured at about 140 bytes a row in the source and 20 in the archive, so about 600 in all.
     */
    static final long DEMO_BYTES_PER_ROW = 1024;
    /** Of those, what the dump and its copy take in the state directory; the rest is the two servers' (the source and the restore). */
    static final long DEMO_ARCHIVE_BYTES_PER_ROW = 128;

    /** One piece of work that writes {@code bytes} (estimated) under {@code where}. */
    public record Need(String what, Path where, long bytes) {
        public Need {
            if (bytes < 0) {
                throw new IllegalArgumentException("a need cannot be negative");
            }
        }
    }

    private SpacePreflight() {
    }

    /** A dump: the tables' size without indexes (what pg_dump reads), plus 10 %. */
    public static Need dump(Path region, long tableBytes) {
        return new Need("the dump", region, tableBytes + tableBytes / 10 + RESERVE);
    }

    /** A copy: the archive's exact size. */
    public static Need copy(Path region, long archiveBytes) {
        return new Need("the copy to " + region.getFileName(), region, archiveBytes + RESERVE);
    }

    /**
     * A restore: the source database's size when known, else several times the archive's, plus 25 % and an
     * empty cluster; plus the archive itself when it comes from a bucket (it is downloaded beside the cluster).
     */
    public static Need restore(Path clusters, long databaseBytes, long archiveBytes, LocalRegion from) {
        long data = Math.max(databaseBytes, 0);
        if (data == 0) {
            data = archiveBytes * RESTORE_PER_ARCHIVE_BYTE;
        }
        long download = from instanceof DirectoryRegion ? 0 : archiveBytes;
        return new Need("the restore", clusters, data + data / 4 + CLUSTER_BASE + download);
    }

    /** Where a region writes on this machine: a directory region's root; a bucket's space is not ours to measure. */
    public static Optional<Path> onThisMachine(LocalRegion region) {
        return region instanceof DirectoryRegion directory ? Optional.of(directory.root()) : Optional.empty();
    }

    /**
     * A demo drill of {@code rows} rows: its source and restored servers under {@code clusters}, its dump and
     * copy in the state directory (by default the servers go to the temp directory, often another file system).
     */
    public static List<Need> demo(Path stateDir, Path clusters, long rows) {
        return List.of(new Need("the demo's servers (" + rows + " rows)", clusters,
                        rows * (DEMO_BYTES_PER_ROW - DEMO_ARCHIVE_BYTES_PER_ROW) + 2 * CLUSTER_BASE),
                new Need("the demo's dump and copy", stateDir, rows * DEMO_ARCHIVE_BYTES_PER_ROW + RESERVE));
    }

    /** A failover demo: {@code rows} rows on a primary and, streamed with their WAL, on its standby. */
    public static Need failoverDemo(Path clusters, long rows) {
        return new Need("the failover demo of " + rows + " rows (a primary and its standby)", clusters,
                rows * DEMO_BYTES_PER_ROW + 2 * CLUSTER_BASE);
    }

    /** Throws (exit 3) when the needs that share a file system exceed its free space. */
    public static void require(DiskSpace disk, List<Need> needs) {
        Map<String, List<Need>> byVolume = new LinkedHashMap<>();
        Map<String, Long> free = new LinkedHashMap<>();
        for (Need need : needs) {
            DiskSpace.Volume volume = disk.volumeOf(need.where());
            byVolume.computeIfAbsent(volume.id(), v -> new ArrayList<>()).add(need);
            free.put(volume.id(), volume.usableBytes());
        }
        for (Map.Entry<String, List<Need>> e : byVolume.entrySet()) {
            long needed = e.getValue().stream().mapToLong(Need::bytes).sum();
            long available = free.get(e.getKey());
            if (needed > available) {
                List<String> parts = e.getValue().stream().map(n -> n.what() + " in " + n.where() + " " + readable(n.bytes())).toList();
                throw new EnvironmentException("not enough free space: " + String.join(", ", parts) + " need about "
                        + readable(needed) + " (" + needed + " bytes) with a margin, and that file system has "
                        + readable(available) + " (" + available + " bytes) free; nothing was written");
            }
        }
    }

    public static String readable(long bytes) {
        if (bytes >= 1024 * MIB) {
            return String.format("%.1f GiB", bytes / (1024.0 * MIB));
        }
        return String.format("%.1f MiB", bytes / (double) MIB);
    }
}

package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.core.backup.ConsistentReadPoint;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.workflow.Progress;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The frozen copy a dump in parts reads, locally: a base backup of the source cluster started read-only in standby
 * mode with nothing to follow ({@link ThrowawayCluster#createFrozenCopy}). A base backup cannot aim at an earlier
 * point: the copy holds the source as its backup ended, at or after the point asked for, and that moment is the
 * point it reports. A marker beside the copy records its source and point: provisioning the same name again returns
 * the same copy and point, and {@link #release} removes only a {@link #PREFIX}* copy with that marker.
 */
public final class BaseBackupReadPoint implements ConsistentReadPoint {
    public static final String PREFIX = "dumpsrc-";
    static final String MARKER = "dump-source.json";

    /** What the marker records. */
    record Marker(String name, String source, Instant askedFor, Instant pointInTime) {
    }

    private final PgBinaries binaries;
    private final Path root;
    private final Function<DatabaseId, ThrowawayCluster> sources;
    private final String database;
    private final Clock clock;

    /**
     * @param sources  the running source cluster of a database
     * @param database the database the parts read on the copy
     */
    public BaseBackupReadPoint(PgBinaries binaries, Path root, Function<DatabaseId, ThrowawayCluster> sources, String database,
                               Clock clock) {
        this.binaries = Objects.requireNonNull(binaries, "binaries");
        this.root = Objects.requireNonNull(root, "root");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Progress<DumpSource> provision(DatabaseId source, Instant pointInTime, String name) {
        requireOurName(name);
        Objects.requireNonNull(pointInTime, "pointInTime");
        Path marker = root.resolve(name).resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            Marker made = read(marker);
            if (!made.askedFor().equals(pointInTime) || !made.source().equals(source.value())) {
                throw new IllegalStateException("dump source " + name + " holds " + made.source() + " for " + made.askedFor()
                        + ", not " + source + " for " + pointInTime + ": the parts of one dump must read one point");
            }
            ThrowawayCluster copy = ThrowawayCluster.attach(binaries, root, name, "name");
            copy.restart();
            return Progress.ready(sourceOf(copy, made.pointInTime()));
        }
        if (pointInTime.isAfter(clock.instant())) {
            throw new InvalidFieldException("pointInTime", pointInTime + " is in the future");
        }
        ThrowawayCluster copy = ThrowawayCluster.createFrozenCopy(binaries, root, name, sources.apply(source));
        Marker made = new Marker(name, source.value(), pointInTime, clock.instant());
        LocalJson.writeAtomically(marker, made);
        return Progress.ready(sourceOf(copy, made.pointInTime()));
    }

    private DumpSource sourceOf(ThrowawayCluster copy, Instant point) {
        ThrowawayCluster.Handle handle = copy.handle();
        return new DumpSource(handle.name(), "127.0.0.1", handle.port(), database, point, handle.passwordFile().toString(),
                Map.of("user", handle.superuser(), "readOnly", "standby"));
    }

    /** Removes the copy only when it is named and marked as one this suite made; gone already is done. */
    @Override
    public Progress<String> release(String name) {
        requireOurName(name);
        Path dir = root.resolve(name);
        if (!Files.exists(dir)) {
            return Progress.ready(name);
        }
        if (!Files.isRegularFile(dir.resolve(MARKER))) {
            throw new IllegalStateException("cluster " + name + " is not a dump source this suite created (no " + MARKER
                    + "): refusing to remove it");
        }
        ThrowawayCluster.removeLeftover(binaries, root, name);
        return Progress.ready(name);
    }

    private static Marker read(Path marker) {
        try {
            return LocalJson.MAPPER.readValue(marker.toFile(), Marker.class);
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + marker + ": " + e.getMessage(), e);
        }
    }

    private static void requireOurName(String name) {
        if (name == null || !name.startsWith(PREFIX) || !name.matches("[a-z0-9-]{1,63}")) {
            throw new InvalidFieldException("name", "dump sources are named " + PREFIX + "* (a-z, 0-9, -), refusing "
                    + UntrustedText.quoted(name));
        }
    }

    @Override
    public List<String> requiredActions() {
        return List.of("pg_basebackup (REPLICATION) on the source cluster");
    }
}

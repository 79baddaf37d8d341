package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link SnapshotStore} for one region, held in memory. {@link #take} is idempotent by id
 * (a second request for an existing id returns that snapshot and makes no other), and every
 * request, delete and verification mark is recorded for assertions. Thread-safe.
 */
public final class InMemorySnapshotStore implements SnapshotStore {
    /** One call to {@link #take}. */
    public record TakeRequest(DatabaseId database, SnapshotId id, Instant at) {
    }

    /** One call to {@link #recordVerification}. */
    public record VerificationMark(SnapshotId id, VerificationStatus status, Instant at) {
    }

    public static final String ZERO_SHA256 = "0".repeat(64);

    private final String region;
    private final LinkedHashMap<SnapshotId, Snapshot> snapshots = new LinkedHashMap<>();
    private final Map<SnapshotId, SnapshotManifest> manifests = new HashMap<>();
    private final List<TakeRequest> takeRequests = new ArrayList<>();
    private final List<Snapshot> deleted = new ArrayList<>();
    private final List<SnapshotRef> deleteRequests = new ArrayList<>();
    private final List<VerificationMark> marks = new ArrayList<>();
    private final Set<SnapshotId> failingDeletes = new HashSet<>();
    private final Map<SnapshotId, CopyLock> locks = new HashMap<>();
    private final List<SnapshotRef> lockReads = new ArrayList<>();
    private Function<Snapshot, SnapshotManifest> manifestOnTake = InMemorySnapshotStore::defaultManifest;
    private int pendingTakes;
    private Duration pendingWait = Duration.ofMinutes(1);
    private RuntimeException takeFailure;
    private RuntimeException lockReadFailure;
    private Set<DatabaseId> serving;

    public InMemorySnapshotStore(String region) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        this.region = region;
    }

    /** A manifest with no tables, consistent at the snapshot's creation time. */
    public static SnapshotManifest defaultManifest(Snapshot s) {
        return new SnapshotManifest(s.id(), s.database(), s.createdAt(), "15.8", "fingerprint-0", Map.of(),
                ZERO_SHA256, 0);
    }

    // ---- configuration -------------------------------------------------------------------

    /** How the manifest of a newly taken snapshot is made; a function returning null records none. */
    public synchronized InMemorySnapshotStore manifestOnTake(Function<Snapshot, SnapshotManifest> factory) {
        this.manifestOnTake = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** The next {@code times} take requests report pending (check again after {@code wait}). */
    public synchronized InMemorySnapshotStore pendingTakes(int times, Duration wait) {
        this.pendingTakes = times;
        this.pendingWait = wait;
        return this;
    }

    /** The databases this store serves; a take of any other is refused. Until set, it serves whatever it is given. */
    public synchronized InMemorySnapshotStore serving(Set<DatabaseId> databases) {
        this.serving = Set.copyOf(databases);
        return this;
    }

    /** Every take request throws this. */
    public synchronized InMemorySnapshotStore failTakesWith(RuntimeException failure) {
        this.takeFailure = failure;
        return this;
    }

    /** Every lock read throws this (as an unreachable bucket would). */
    public synchronized InMemorySnapshotStore failLockReadsWith(RuntimeException failure) {
        this.lockReadFailure = failure;
        return this;
    }

    /** Deleting this snapshot throws (as a snapshot stuck in another operation would). */
    public synchronized InMemorySnapshotStore failDeleteOf(SnapshotId id) {
        failingDeletes.add(id);
        return this;
    }

    /** Seeds a snapshot (it must belong to this region). */
    public synchronized InMemorySnapshotStore add(Snapshot snapshot) {
        if (!snapshot.region().equals(region)) {
            throw new IllegalArgumentException(snapshot.ref() + " is not in region " + region);
        }
        snapshots.put(snapshot.id(), snapshot);
        return this;
    }

    /** What {@link #lockOf} reads back for this snapshot; unlocked snapshots read "not immutable". */
    public synchronized InMemorySnapshotStore lock(SnapshotId id, CopyLock lock) {
        locks.put(id, lock);
        return this;
    }

    public synchronized InMemorySnapshotStore putManifest(SnapshotManifest manifest) {
        manifests.put(manifest.snapshotId(), manifest);
        return this;
    }

    // ---- the port ------------------------------------------------------------------------

    @Override
    public String region() {
        return region;
    }

    @Override
    public synchronized Progress<Snapshot> take(DatabaseId database, SnapshotId id, Instant now) {
        takeRequests.add(new TakeRequest(database, id, now));
        if (serving != null && !serving.contains(database)) {
            throw new InvalidFieldException("database", database + " is not served by region " + region);
        }
        if (takeFailure != null) {
            throw takeFailure;
        }
        if (pendingTakes > 0) {
            pendingTakes--;
            return Progress.pending(pendingWait, "creating " + id);
        }
        Snapshot existing = snapshots.get(id);
        if (existing != null) {
            return Progress.ready(existing);
        }
        Snapshot created = new Snapshot(id, database, region, now, true, VerificationStatus.UNVERIFIED, Optional.empty());
        snapshots.put(id, created);
        SnapshotManifest manifest = manifestOnTake.apply(created);
        if (manifest != null) {
            manifests.put(id, manifest);
        }
        return Progress.ready(created);
    }

    @Override
    public synchronized List<Snapshot> list() {
        return List.copyOf(snapshots.values());
    }

    @Override
    public synchronized Optional<SnapshotManifest> manifest(SnapshotId id) {
        return Optional.ofNullable(manifests.get(id));
    }

    @Override
    public synchronized void delete(Snapshot snapshot) {
        deleteRequests.add(snapshot.ref());
        if (failingDeletes.contains(snapshot.id())) {
            throw new IllegalStateException("snapshot " + snapshot.ref() + " is in use by another operation");
        }
        Snapshot held = snapshots.get(snapshot.id());
        if (held == null) {
            return; // already gone: done, as every store answers a retried delete
        }
        if (!held.createdBySuite()) { // as every real store checks what it holds, not what the caller claims
            throw new IllegalStateException("refusing to delete " + snapshot.ref() + ": the suite did not create it");
        }
        Snapshot removed = snapshots.remove(snapshot.id());
        manifests.remove(snapshot.id());
        deleted.add(removed);
    }

    @Override
    public synchronized void recordVerification(SnapshotId id, VerificationStatus status, Instant at) {
        Snapshot s = snapshots.get(id);
        if (s == null) {
            throw new SnapshotNotFoundException(id, "region " + region, "mark " + status);
        }
        marks.add(new VerificationMark(id, status, at));
        snapshots.put(id, s.withVerification(status));
    }

    @Override
    public synchronized CopyLock lockOf(Snapshot snapshot, Instant now) {
        lockReads.add(snapshot.ref());
        if (lockReadFailure != null) {
            throw lockReadFailure;
        }
        CopyLock lock = locks.get(snapshot.id());
        if (lock == null) {
            return CopyLock.notImmutable("in memory, no lock");
        }
        return lock.retainUntil() != null && !lock.retainUntil().isAfter(now)
                ? CopyLock.notImmutable("lock expired at " + lock.retainUntil()) : lock;
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    // ---- what happened -------------------------------------------------------------------

    public synchronized Optional<Snapshot> get(SnapshotId id) {
        return Optional.ofNullable(snapshots.get(id));
    }

    public synchronized List<TakeRequest> takeRequests() {
        return List.copyOf(takeRequests);
    }

    /** Snapshots actually removed, in order. */
    public synchronized List<Snapshot> deleted() {
        return List.copyOf(deleted);
    }

    /** Every delete asked for, including the ones that failed. */
    public synchronized List<SnapshotRef> deleteRequests() {
        return List.copyOf(deleteRequests);
    }

    /** Every snapshot whose lock was read, in order. */
    public synchronized List<SnapshotRef> lockReads() {
        return List.copyOf(lockReads);
    }

    public synchronized List<VerificationMark> verificationMarks() {
        return List.copyOf(marks);
    }
}

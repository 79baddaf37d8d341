package com.silenttalk.automation.core.backup;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A {@link BackupReplicator} between {@link InMemorySnapshotStore}s: the copy keeps its
 * source's id, points back at it with {@code copiedFrom}, starts UNVERIFIED, and carries the
 * source's manifest. Asking again for a copy that exists returns it. Thread-safe.
 */
public final class InMemoryReplicator implements BackupReplicator {
    /** One call to {@link #replicate}. */
    public record CopyRequest(SnapshotRef source, String targetRegion, Instant at) {
    }

    private final Map<String, InMemorySnapshotStore> stores = new LinkedHashMap<>();
    private final List<CopyRequest> requests = new ArrayList<>();
    private int pendingCopies;
    private Duration pendingWait = Duration.ofMinutes(2);
    private RuntimeException failure;

    public InMemoryReplicator(InMemorySnapshotStore... regions) {
        for (InMemorySnapshotStore store : regions) {
            stores.put(store.region(), store);
        }
    }

    /** The next {@code times} requests report pending (check again after {@code wait}). */
    public synchronized InMemoryReplicator pendingCopies(int times, Duration wait) {
        this.pendingCopies = times;
        this.pendingWait = wait;
        return this;
    }

    /** Every request throws this. */
    public synchronized InMemoryReplicator failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    @Override
    public synchronized Progress<Snapshot> replicate(Snapshot source, String targetRegion, Instant now) {
        requests.add(new CopyRequest(source.ref(), targetRegion, now));
        if (failure != null) {
            throw failure;
        }
        if (pendingCopies > 0) {
            pendingCopies--;
            return Progress.pending(pendingWait, "copying " + source.ref() + " to " + targetRegion);
        }
        InMemorySnapshotStore target = store(targetRegion);
        Optional<Snapshot> existing = target.get(source.id());
        if (existing.isPresent()) {
            return Progress.ready(existing.get());
        }
        Snapshot copy = new Snapshot(source.id(), source.database(), targetRegion, now, true,
                VerificationStatus.UNVERIFIED, Optional.of(source.ref()));
        target.add(copy);
        store(source.region()).manifest(source.id()).ifPresent(target::putManifest);
        return Progress.ready(copy);
    }

    @Override
    public List<String> requiredActions() {
        return List.of();
    }

    public synchronized List<CopyRequest> requests() {
        return List.copyOf(requests);
    }

    private InMemorySnapshotStore store(String region) {
        InMemorySnapshotStore store = stores.get(region);
        if (store == null) {
            throw new NoSuchElementException("no region " + region);
        }
        return store;
    }
}

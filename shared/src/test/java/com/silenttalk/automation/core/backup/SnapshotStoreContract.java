package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.silenttalk.automation.core.workflow.Progress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SnapshotStore} promises the core, stated once and run against each adapter (the in-memory store
 * of the core tests, RDS on an RDS Query-protocol WireMock, a Flexible Server's backups on an ARM WireMock and
 * azurite, the paired region's blobs on azurite, opsctl's directory regions with a real pg_dump). An adapter's own
 * test extends this and says how a snapshot comes to be there.
 *
 * <p>The contract: a snapshot the store has is listed with its id, database and region, as the suite's and
 * UNVERIFIED, exactly as {@code take} reported it; a second take of one id (a repeated delivery of the same window)
 * makes no second snapshot; a store that only receives copies refuses to take and lists nothing for it; a take the
 * service is still working on is pending until it is done (RDS and Flexible Server create asynchronously); delete
 * removes that snapshot and no other; a snapshot the suite did not make is never deleted; a verification mark is
 * listed with the snapshot; a snapshot without a manifest has none. The port promises no order for {@code list}
 * (the planners sort), so none is asserted.
 */
public abstract class SnapshotStoreContract {
    protected static final Instant NOW = Instant.parse("2026-03-01T06:10:00Z");
    protected static final DatabaseId ORDERS = new DatabaseId("orders");
    protected static final SnapshotId EARLIER = new SnapshotId("st-auto-orders-20260301t0000z");
    protected static final SnapshotId LATER = new SnapshotId("st-auto-orders-20260301t0600z");

    /** The store under test, over a region that holds nothing yet, serving {@link #ORDERS}. */
    protected abstract SnapshotStore store();

    /** Whether the store takes snapshots (a primary region) or only receives copies (a paired region, a vault). */
    protected abstract boolean takesSnapshots();

    /**
     * The service finishes what {@code take} reported pending (RDS: the snapshot becomes available; ARM: the backup
     * completes). Only asked of a store whose take answered pending; a synchronous store never is.
     */
    protected void finishCreating(SnapshotId id) {
        throw new AssertionError("take of " + id + " was pending on a store that creates synchronously");
    }

    /** A verified copy of this snapshot arrives as the replicator leaves it; only asked of stores that do not take. */
    protected void receiveCopy(DatabaseId database, SnapshotId id, Instant createdAt) {
        throw new AssertionError("a store that takes snapshots is not given copies in this contract");
    }

    /** A snapshot of {@link #ORDERS} someone else made is there (untagged, hand-named or marked as not the suite's). */
    protected abstract void putForeign(SnapshotId id);

    @Test
    void list_whenNothingIsThere_returnsNone() {
        assertThat(store().list()).isEmpty();
    }

    @Test
    void take_whenNew_isListedAsTakenWithItsDatabaseRegionAndAsTheSuitesUnverified() {
        Snapshot made = arrive(LATER, NOW.minusSeconds(600));

        assertThat(made.id()).isEqualTo(LATER);
        assertThat(made.database()).isEqualTo(ORDERS);
        assertThat(made.region()).isEqualTo(store().region());
        assertThat(made.createdBySuite()).isTrue();
        assertThat(made.verification()).isEqualTo(VerificationStatus.UNVERIFIED);
        assertThat(store().list()).singleElement().satisfies(listed -> {
            assertThat(listed.id()).isEqualTo(made.id());
            assertThat(listed.database()).isEqualTo(made.database());
            assertThat(listed.createdAt()).isEqualTo(made.createdAt());
            assertThat(listed.createdBySuite()).isTrue();
        });
    }

    @Test
    void take_whenTheIdIsAlreadyThere_makesNoSecondSnapshot() {
        Snapshot first = arrive(LATER, NOW.minusSeconds(600));

        if (takesSnapshots()) {
            Progress<Snapshot> again = store().take(ORDERS, LATER, NOW);
            assertThat(again).isInstanceOfSatisfying(Progress.Ready.class, ready -> {
                Snapshot s = (Snapshot) ready.value();
                assertThat(s.id()).isEqualTo(LATER);
                assertThat(s.createdAt()).isEqualTo(first.createdAt());
            });
        } else {
            assertThatThrownBy(() -> store().take(ORDERS, LATER, NOW)).isInstanceOf(RuntimeException.class);
        }
        assertThat(store().list()).extracting(Snapshot::id).containsExactly(LATER);
    }

    @Test
    void take_whenAsked_takesInAPrimaryRegionAndRefusesWhereTheStoreOnlyReceivesCopies() {
        if (takesSnapshots()) {
            Progress<Snapshot> taken = takeUntilReady(EARLIER);
            assertThat(taken).isInstanceOf(Progress.Ready.class);
            assertThat(store().list()).extracting(Snapshot::id).containsExactly(EARLIER);
        } else {
            assertThatThrownBy(() -> store().take(ORDERS, EARLIER, NOW)).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(EARLIER.value());
            assertThat(store().list()).isEmpty();
        }
    }

    @Test
    void delete_whenTwoAreThere_removesOnlyThatOne() {
        Snapshot earlier = arrive(EARLIER, NOW.minusSeconds(6 * 3600));
        arrive(LATER, NOW.minusSeconds(600));

        store().delete(earlier);

        assertThat(store().list()).extracting(Snapshot::id).containsExactly(LATER);
    }

    @Test
    void delete_whenTheSuiteDidNotMakeIt_refusesAndKeepsIt() {
        SnapshotId foreignId = new SnapshotId("before-the-upgrade");
        putForeign(foreignId);
        Snapshot foreign = store().list().stream().filter(s -> s.id().equals(foreignId)).findFirst()
                .orElseThrow(() -> new AssertionError("the foreign snapshot is not listed"));
        assertThat(foreign.createdBySuite()).isFalse();
        // even when a caller claims it is the suite's, the store checks what it holds itself
        Snapshot claimed = new Snapshot(foreign.id(), foreign.database(), foreign.region(), foreign.createdAt(), true,
                foreign.verification(), foreign.copiedFrom(), foreign.kind(), foreign.location());

        assertThatThrownBy(() -> store().delete(claimed)).hasMessageContaining("refusing to delete");
        assertThat(store().list()).extracting(Snapshot::id).containsExactly(foreignId);
    }

    @Test
    void recordVerification_whenMarked_isListedWithThatStatus() {
        arrive(EARLIER, NOW.minusSeconds(6 * 3600));
        arrive(LATER, NOW.minusSeconds(600));

        store().recordVerification(LATER, VerificationStatus.VERIFIED, NOW);

        assertThat(store().list()).extracting(Snapshot::id, Snapshot::verification).containsExactlyInAnyOrder(
                tuple(EARLIER, VerificationStatus.UNVERIFIED),
                tuple(LATER, VerificationStatus.VERIFIED));
    }

    @Test
    void manifest_whenNoneWasWrittenForTheId_isEmpty() {
        assertThat(store().manifest(new SnapshotId("st-auto-orders-20260228t1800z"))).isEmpty();
    }

    @Test
    void requiredActions_whenListed_nameNoWildcard() {
        assertThat(store().requiredActions()).noneMatch(action -> action.contains("*"));
    }

    /** Makes the snapshot be there the way it comes to be in this store, and returns it as the store reports it. */
    protected Snapshot arrive(SnapshotId id, Instant createdAt) {
        if (!takesSnapshots()) {
            receiveCopy(ORDERS, id, createdAt);
            return store().list().stream().filter(s -> s.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("the copy of " + id + " is not listed"));
        }
        Progress<Snapshot> taken = takeUntilReady(id);
        assertThat(taken).as("take of " + id).isInstanceOf(Progress.Ready.class);
        return ((Progress.Ready<Snapshot>) taken).value();
    }

    private Progress<Snapshot> takeUntilReady(SnapshotId id) {
        Progress<Snapshot> taken = store().take(ORDERS, id, NOW);
        for (int round = 0; round < 3 && taken instanceof Progress.Pending<Snapshot>; round++) {
            finishCreating(id);
            taken = store().take(ORDERS, id, NOW);
        }
        return taken;
    }
}

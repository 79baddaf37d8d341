package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.silenttalk.automation.core.InvalidFieldException;
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
 * (the planners sort), so none is asserted. And where adapters used to differ (the port's javadoc says why): a take of
 * a database the store does not serve is refused naming it, nothing made; a delete of a snapshot already gone is done
 * (a retried prune); a verification mark for a snapshot that is not there fails ({@link SnapshotNotFoundException}).
 */
public abstract class SnapshotStoreContract {
    protected static final Instant NOW = Instant.parse("2026-03-01T06:10:00Z");
    protected static final DatabaseId ORDERS = new DatabaseId("orders");
    protected static final SnapshotId EARLIER = new SnapshotId("st-auto-orders-20260301t0000z");
    protected static final SnapshotId LATER = new SnapshotId("st-auto-orders-20260301t0600z");
    /** A database no store under test serves. */
    protected static final DatabaseId UNSERVED = new DatabaseId("billing");

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

    /**
     * Whether what comes to be in this store is the suite's to delete. Not in a vault: AWS Backup's copy jobs make its
     * recovery points and their lifecycle ends them, so every delete there is refused and nothing is removed.
     */
    protected boolean suiteOwnsWhatArrives() {
        return true;
    }

    @Test
    void list_whenNothingIsThere_returnsNone() {
        assertThat(store().list()).isEmpty();
    }

    @Test
    void take_whenNew_isListedAsTakenWithItsDatabaseRegionAndAsTheSuitesUnverified() {
        Snapshot made = arrive(LATER, NOW.minusSeconds(600));

        if (takesSnapshots()) {
            assertThat(made.id()).isEqualTo(LATER);
        }
        assertThat(made.database()).isEqualTo(ORDERS);
        assertThat(made.region()).isEqualTo(store().region());
        assertThat(made.createdBySuite()).isEqualTo(suiteOwnsWhatArrives());
        assertThat(made.verification()).isEqualTo(VerificationStatus.UNVERIFIED);
        assertThat(store().list()).singleElement().satisfies(listed -> {
            assertThat(listed.id()).isEqualTo(made.id());
            assertThat(listed.database()).isEqualTo(made.database());
            assertThat(listed.createdAt()).isEqualTo(made.createdAt());
            assertThat(listed.createdBySuite()).isEqualTo(suiteOwnsWhatArrives());
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
            assertThatThrownBy(() -> store().take(ORDERS, first.id(), NOW)).isInstanceOf(RuntimeException.class);
        }
        assertThat(store().list()).extracting(Snapshot::id).containsExactly(first.id());
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
        Snapshot later = arrive(LATER, NOW.minusSeconds(600));

        if (!suiteOwnsWhatArrives()) {
            assertThatThrownBy(() -> store().delete(earlier)).hasMessageContaining("refusing to delete");
            assertThat(store().list()).extracting(Snapshot::id).containsExactlyInAnyOrder(earlier.id(), later.id());
            return;
        }
        store().delete(earlier);

        assertThat(store().list()).extracting(Snapshot::id).containsExactly(later.id());
    }

    @Test
    void delete_whenTheSuiteDidNotMakeIt_refusesAndKeepsIt() {
        Snapshot foreign = appearing(() -> putForeign(new SnapshotId("before-the-upgrade")));
        assertThat(foreign.createdBySuite()).isFalse();
        // even when a caller claims it is the suite's, the store checks what it holds itself
        Snapshot claimed = new Snapshot(foreign.id(), foreign.database(), foreign.region(), foreign.createdAt(), true,
                foreign.verification(), foreign.copiedFrom(), foreign.kind(), foreign.location());

        assertThatThrownBy(() -> store().delete(claimed)).hasMessageContaining("refusing to delete");
        assertThat(store().list()).extracting(Snapshot::id).containsExactly(foreign.id());
    }

    @Test
    void recordVerification_whenMarked_isListedWithThatStatus() {
        Snapshot earlier = arrive(EARLIER, NOW.minusSeconds(6 * 3600));
        Snapshot later = arrive(LATER, NOW.minusSeconds(600));

        store().recordVerification(later.id(), VerificationStatus.VERIFIED, NOW);

        assertThat(store().list()).extracting(Snapshot::id, Snapshot::verification).containsExactlyInAnyOrder(
                tuple(earlier.id(), VerificationStatus.UNVERIFIED),
                tuple(later.id(), VerificationStatus.VERIFIED));
    }

    @Test
    void take_whenTheStoreDoesNotServeTheDatabase_isRefusedNamingItAndMakesNothing() {
        SnapshotId id = new SnapshotId("st-auto-billing-20260301t0600z");

        if (takesSnapshots()) {
            assertThatThrownBy(() -> store().take(UNSERVED, id, NOW)).isInstanceOfSatisfying(InvalidFieldException.class,
                    e -> {
                        assertThat(e.field()).isEqualTo("database");
                        assertThat(e.problem()).contains(UNSERVED.value());
                    });
        } else {
            assertThatThrownBy(() -> store().take(UNSERVED, id, NOW)).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(id.value());
        }
        assertThat(store().list()).isEmpty();
    }

    @Test
    void delete_whenTheSnapshotIsAlreadyGone_isDoneAndKeepsTheOthers() {
        Snapshot earlier = arrive(EARLIER, NOW.minusSeconds(6 * 3600));
        Snapshot later = arrive(LATER, NOW.minusSeconds(600));
        if (!suiteOwnsWhatArrives()) { // nothing is ever deleted there, so nothing is ever gone by the suite's hand
            assertThatThrownBy(() -> store().delete(earlier)).hasMessageContaining("refusing to delete");
            return;
        }
        store().delete(earlier);

        store().delete(earlier); // a retried prune, or someone removed it by hand in between

        assertThat(store().list()).extracting(Snapshot::id).containsExactly(later.id());
    }

    @Test
    void recordVerification_whenTheSnapshotIsNotThere_failsNamingItAndMarksNothing() {
        Snapshot later = arrive(LATER, NOW.minusSeconds(600));
        SnapshotId missing = new SnapshotId("st-auto-orders-20260228t1800z");

        assertThatThrownBy(() -> store().recordVerification(missing, VerificationStatus.VERIFIED, NOW))
                .isInstanceOf(SnapshotNotFoundException.class).hasMessageContaining(missing.value());
        assertThat(store().list()).extracting(Snapshot::id, Snapshot::verification)
                .containsExactly(tuple(later.id(), VerificationStatus.UNVERIFIED));
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
            return appearing(() -> receiveCopy(ORDERS, id, createdAt));
        }
        Progress<Snapshot> taken = takeUntilReady(id);
        assertThat(taken).as("take of " + id).isInstanceOf(Progress.Ready.class);
        return ((Progress.Ready<Snapshot>) taken).value();
    }

    /** The one snapshot listed after {@code arrival} that was not before (a store may name what arrives its own way). */
    private Snapshot appearing(Runnable arrival) {
        List<SnapshotId> before = store().list().stream().map(Snapshot::id).toList();
        arrival.run();
        List<Snapshot> arrived = store().list().stream().filter(s -> !before.contains(s.id())).toList();
        assertThat(arrived).as("what arrived in " + store().region()).hasSize(1);
        return arrived.get(0);
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

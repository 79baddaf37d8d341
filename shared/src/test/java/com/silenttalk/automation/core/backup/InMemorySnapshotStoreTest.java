package com.silenttalk.automation.core.backup;

import java.util.Optional;
import java.util.Set;

/** The core tests' store keeps the contract the real stores keep. */
class InMemorySnapshotStoreTest extends SnapshotStoreContract {
    private final InMemorySnapshotStore store = new InMemorySnapshotStore("eu-west-1").serving(Set.of(ORDERS));

    @Override
    protected SnapshotStore store() {
        return store;
    }

    @Override
    protected boolean takesSnapshots() {
        return true;
    }

    @Override
    protected void putForeign(SnapshotId id) {
        store.add(new Snapshot(id, ORDERS, "eu-west-1", NOW.minusSeconds(86_400), false, VerificationStatus.UNVERIFIED,
                Optional.empty()));
    }
}

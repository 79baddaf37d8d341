package com.silenttalk.automation.core.alerting;

/** The core tests' gate store keeps the contract DynamoDB and Table storage keep (StoredAlertGateTest relies on it). */
class InMemoryAlertGateStoreTest extends AlertGateStoreContract {
    private final InMemoryAlertGateStore store = new InMemoryAlertGateStore();

    @Override
    protected AlertGateStore store() {
        return store;
    }

    @Override
    protected AlertGateStore sameStoreElsewhere() {
        return store;
    }
}

package com.silenttalk.automation.core.ledger;

/** The request budget contract on the in-memory budget the core tests and the scale simulation use. */
class InMemoryRequestBudgetTest extends RequestBudgetContract {
    private final InMemoryRequestBudget budget = new InMemoryRequestBudget(RATE);

    @Override
    protected RequestBudget budget() {
        return budget;
    }

    @Override
    protected RequestBudget sameStoreElsewhere() {
        return budget;
    }
}

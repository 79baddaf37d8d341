package com.silenttalk.automation.bench;

/**
 * One function under a cold-start measurement, run inside the fresh JVM by {@link ColdStartChild}.
 * Each implementation only touches the classes of the artifact it measures, so the child's
 * class loading is the function's own.
 */
interface ColdStartRow {
    /** Builds the function through its public no-arg constructor: the production wiring, from the environment. */
    void init();

    /** One invocation against the stub; {@code n} makes each event distinct (the ledger claims by event). */
    void invoke(int n);
}

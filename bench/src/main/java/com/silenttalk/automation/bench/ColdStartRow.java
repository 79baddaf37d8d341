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

    /** A point inside {@link #init} the report splits on ({@code AT <phase> <System.nanoTime()>}, as the child prints its own). */
    static void mark(String phase) {
        System.out.println("AT " + phase + " " + System.nanoTime());
    }
}

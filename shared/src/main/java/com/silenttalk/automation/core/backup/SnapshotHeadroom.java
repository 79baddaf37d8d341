package com.silenttalk.automation.core.backup;

/**
 * How much room a store has left for the suite's snapshots (RDS: 100 manual snapshots per region, the suite's and
 * everyone else's). {@link TakeSnapshots} asks it before each snapshot, prunes what the policy allows when a store is
 * full, and skips (and records) a database whose store is still full.
 */
public interface SnapshotHeadroom {
    /** A store without a quota: never full. */
    SnapshotHeadroom UNLIMITED = new SnapshotHeadroom() {
        @Override
        public int headroom(DatabaseId database) {
            return Integer.MAX_VALUE;
        }

        @Override
        public String quota() {
            return "no quota";
        }
    };

    /** How many more snapshots of the database's kind the store takes now. */
    int headroom(DatabaseId database);

    /** The quota, for the reason a skip records, e.g. "the manual snapshot quota (100) in eu-west-1". */
    String quota();
}

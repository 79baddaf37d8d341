package com.silenttalk.automation.core.backup;

/**
 * The store does not hold the snapshot a caller meant to change. Thrown where going on would claim something that did
 * not happen (a verification mark on nothing); a delete of a snapshot already gone is not this, it is done.
 */
public class SnapshotNotFoundException extends RuntimeException {
    public SnapshotNotFoundException(SnapshotId id, String where, String whatFor) {
        super("no snapshot " + id + " in " + where + " to " + whatFor);
    }
}

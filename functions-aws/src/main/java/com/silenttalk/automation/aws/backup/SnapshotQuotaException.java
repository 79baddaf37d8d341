package com.silenttalk.automation.aws.backup;

/** RDS refused a snapshot because the region holds its quota of manual snapshots. Not retryable as is. */
public final class SnapshotQuotaException extends RuntimeException {
    public SnapshotQuotaException(String message) {
        super(message);
    }
}

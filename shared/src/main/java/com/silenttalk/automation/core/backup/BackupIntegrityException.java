package com.silenttalk.automation.core.backup;

/** A backup artifact does not match its manifest (flipped bytes, truncation, a missing file). */
public class BackupIntegrityException extends RuntimeException {
    public BackupIntegrityException(String message) {
        super(message);
    }
}

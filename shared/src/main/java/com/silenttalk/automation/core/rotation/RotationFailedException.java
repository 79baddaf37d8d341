package com.silenttalk.automation.core.rotation;

/** A step could not complete (the target refused or failed). CURRENT is untouched; the step may be retried. */
public class RotationFailedException extends RuntimeException {
    public RotationFailedException(String message) {
        super(message);
    }

    public RotationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.silenttalk.automation.core.rotation;

/** The target could not be reached (refused connection, timeout, TLS failure): no login was even tried. */
public class TargetUnreachableException extends RotationFailedException {
    public TargetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

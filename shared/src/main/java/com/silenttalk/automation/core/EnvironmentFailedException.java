package com.silenttalk.automation.core;

/**
 * The environment failed, not the backup and not the caller: a server is unreachable, a tool
 * failed, a permission was refused. Entry points report it as such (opsctl: exit code 3), so
 * that an operator fixes the machine or the grants rather than doubting the backup.
 */
public class EnvironmentFailedException extends RuntimeException {
    public EnvironmentFailedException(String message) {
        super(message);
    }

    public EnvironmentFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.silenttalk.automation.local;

/** The environment failed: a server is unreachable, a binary is missing, a tool crashed. Exit code 3. */
public class EnvironmentException extends RuntimeException {
    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package com.silenttalk.automation.local;

/** opsctl's exit codes; README.md documents them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int ENVIRONMENT = 3;
    public static final int INTERNAL = 70;
    private static final int MAX_MESSAGE_CHARS = 1000;

    private ExitCode() {
    }

    /** The code a command's failure ends opsctl with: input, a failed check, the environment, or a bug. */
    public static int of(Throwable failure) {
        if (failure instanceof com.silenttalk.automation.core.InvalidFieldException) {
            return BAD_INPUT;
        }
        if (failure instanceof com.silenttalk.automation.core.drill.FailedCheckException) {
            return CHECK_FAILED;
        }
        if (failure instanceof com.silenttalk.automation.core.EnvironmentFailedException || EnvironmentException.causedOutside(failure)) {
            return ENVIRONMENT;
        }
        return INTERNAL;
    }

    /**
     * A failure in one line, after what kind it is ("bad input: ...", "environment: ..."); input's refusals are bounded
     * where they are made, the rest (paths, server replies) here.
     */
    public static String failureLine(Throwable failure) {
        return switch (of(failure)) {
            case BAD_INPUT -> "bad input: " + failure.getMessage();
            case CHECK_FAILED -> "check failed: " + oneLine(failure.getMessage());
            case ENVIRONMENT -> "environment: " + oneLine(failure.getMessage());
            // a bug, not an input or environment problem
            default -> "internal error: " + failure.getClass().getName() + ": " + oneLine(failure.getMessage());
        };
    }

    private static String oneLine(String message) {
        return com.silenttalk.automation.core.UntrustedText.bounded(String.valueOf(message), MAX_MESSAGE_CHARS);
    }
}

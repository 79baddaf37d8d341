package com.silenttalk.automation.local;

/** opsctl's exit codes; README.md documents them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int ENVIRONMENT = 3;
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}

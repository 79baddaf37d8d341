package com.silenttalk.automation.core.drill;

/** Why a drill did not pass; each maps to its own opsctl exit code (README: 1, 3, 2, 70). */
public enum FailureKind {
    /** a check failed: the backup (or its restore) is not what the manifest says */
    CHECK,
    /** a server, a tool or a permission failed: the machine needs fixing, the backup may be fine */
    ENVIRONMENT,
    /** the drill was asked something it must refuse (a snapshot of another source) */
    INPUT,
    /** a bug */
    INTERNAL
}

package com.silenttalk.automation.local;

import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What every opsctl command gets from the command line it runs under: configuration, the
 * environment, the clock and the two output streams. Commands depend on this, not on
 * cli.Opsctl (which registers them), so the command tree has no cycle.
 */
public interface OpsctlContext {
    OpsConfig config();

    Map<String, String> env();

    Clock clock();

    /** Machine output (JSON). */
    PrintStream out();

    /** Progress and errors, for people. */
    PrintStream err();

    Path workingDir();

    /** Where a killed run may stop; a no-op except in the crash-recovery tests. */
    default CrashPoints crashPoints() {
        return CrashPoints.NONE;
    }

    /** Free space, as the pre-flight reads it before a dump, a copy or a restore. */
    default DiskSpace diskSpace() {
        return DiskSpace.SYSTEM;
    }
}

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

    /** What the process was started with; the accessors below read it. */
    OpsctlProcess process();

    default Map<String, String> env() {
        return process().env();
    }

    default Clock clock() {
        return process().clock();
    }

    /** Machine output (JSON). */
    default PrintStream out() {
        return process().out();
    }

    /** Progress and errors, for people. */
    default PrintStream err() {
        return process().err();
    }

    default Path workingDir() {
        return process().workingDir();
    }

    /** Where a killed run may stop; a no-op except in the crash-recovery tests. */
    default CrashPoints crashPoints() {
        return process().crashPoints();
    }

    /** Free space, as the pre-flight reads it before a dump, a copy or a restore. */
    default DiskSpace diskSpace() {
        return process().diskSpace();
    }
}

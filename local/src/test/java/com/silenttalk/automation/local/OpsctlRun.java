package com.silenttalk.automation.local;

import com.silenttalk.automation.local.cli.Opsctl;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs opsctl in-process, as a user would from {@code workingDir}, and keeps what it printed. */
public record OpsctlRun(int exitCode, String stdout, String stderr) {
    public static OpsctlRun in(Path workingDir, Map<String, String> extraEnv, String... args) {
        return in(workingDir, extraEnv, Clock.systemUTC(), DiskSpace.SYSTEM, args);
    }

    /** As {@link #in(Path, Map, String...)}, with opsctl reading the time from {@code clock}. */
    public static OpsctlRun in(Path workingDir, Map<String, String> extraEnv, Clock clock, String... args) {
        return in(workingDir, extraEnv, clock, DiskSpace.SYSTEM, args);
    }

    /** With the free space the pre-flight sees given by the test. */
    public static OpsctlRun in(Path workingDir, Map<String, String> extraEnv, DiskSpace disk, String... args) {
        return in(workingDir, extraEnv, Clock.systemUTC(), disk, args);
    }

    private static OpsctlRun in(Path workingDir, Map<String, String> extraEnv, Clock clock, DiskSpace disk, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("OPSCTL_"));
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Opsctl(env, clock, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), workingDir, CrashPoints.NONE, disk).execute(args);
        return new OpsctlRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines opsctl printed for people, for assertion messages. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}

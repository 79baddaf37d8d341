package com.silenttalk.automation.local;

import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What one opsctl process was started with: the environment, clock, streams and working directory.
 *
 * @param crashPoints where a run may be stopped (the crash-recovery tests)
 * @param diskSpace   free space as the pre-flights read it
 */
public record OpsctlProcess(Map<String, String> env, Clock clock, PrintStream out, PrintStream err, Path workingDir,
                            CrashPoints crashPoints, DiskSpace diskSpace) {
    public OpsctlProcess {
        env = Map.copyOf(env);
        Objects.requireNonNull(crashPoints, "crashPoints");
        Objects.requireNonNull(diskSpace, "diskSpace");
    }

    /** The configuration: {@code configOption} (--config), else $OPSCTL_CONFIG, else ./opsctl.yaml if present, else defaults. */
    public OpsConfig config(Path configOption) {
        Path file = configOption;
        if (file == null && env.containsKey("OPSCTL_CONFIG")) {
            file = Path.of(env.get("OPSCTL_CONFIG"));
        }
        if (file == null && Files.isRegularFile(workingDir.resolve("opsctl.yaml"))) {
            file = workingDir.resolve("opsctl.yaml");
        }
        return ConfigLoader.load(file == null ? null : workingDir.resolve(file), env, workingDir);
    }
}

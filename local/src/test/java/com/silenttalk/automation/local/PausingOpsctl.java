package com.silenttalk.automation.local;

import com.silenttalk.automation.local.cli.Opsctl;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * opsctl as a child process that announces every crash point on stderr and, at the one named by
 * {@code -Dopsctl.test.pauseAt}, stops until a line arrives on stdin: the test lets it go on, or kills it there.
 */
public final class PausingOpsctl {
    public static final String PAUSE_AT = "opsctl.test.pauseAt";

    private PausingOpsctl() {
    }

    public static void main(String[] args) {
        Set<String> pauseAt = Set.of(System.getProperty(PAUSE_AT, "").split(","));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CrashPoints points = point -> {
            System.err.println("[crash-point] " + point);
            if (pauseAt.contains(point)) {
                System.err.println("[paused] " + point);
                System.err.flush();
                try {
                    stdin.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        System.exit(new Opsctl(System.getenv(), Clock.systemUTC(), System.out, System.err, Path.of("").toAbsolutePath(), points,
                DiskSpace.SYSTEM).execute(args));
    }
}

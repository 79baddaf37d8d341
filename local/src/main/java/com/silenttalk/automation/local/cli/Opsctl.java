package com.silenttalk.automation.local.cli;

import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.DiskSpace;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.OpsctlProcess;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * opsctl: every use case of the suite, run on this machine against self-hosted PostgreSQL. The main class and the top
 * of the command tree ({@link CommandTree} registers every capability's commands, which see it only as an
 * {@link OpsctlContext}).
 */
@Command(name = "opsctl", mixinStandardHelpOptions = true, version = "opsctl 0.1.0",
        description = "SilentTalk ops automation, run locally: restore drills, snapshots, copies, retention, failover, rotation, alerts, scaling, status, and the cloud functions in-process.",
        footer = {"", "Exit codes: 0 passed, 1 a check failed, 2 bad usage/configuration/input, 3 environment failed, 70 internal error."})
public final class Opsctl implements OpsctlContext {
    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "YAML configuration (default: ./opsctl.yaml if present; see opsctl.example.yaml)")
    Path configFile;

    private static final int MAX_MESSAGE_CHARS = 1000;

    private final OpsctlProcess process;

    public Opsctl() {
        this(System.getenv(), Clock.systemUTC(), System.out, System.err, Path.of("").toAbsolutePath());
    }

    /** opsctl under this environment, clock, output streams and working directory (tests and embedding callers). */
    public Opsctl(Map<String, String> env, Clock clock, PrintStream out, PrintStream err, Path workingDir) {
        this(env, clock, out, err, workingDir, CrashPoints.NONE, DiskSpace.SYSTEM);
    }

    /**
     * @param crashPoints where a run may be stopped (the crash-recovery tests)
     * @param diskSpace   free space as the pre-flights read it
     */
    public Opsctl(Map<String, String> env, Clock clock, PrintStream out, PrintStream err, Path workingDir, CrashPoints crashPoints,
           DiskSpace diskSpace) {
        this.process = new OpsctlProcess(env, clock, out, err, workingDir, crashPoints, diskSpace);
    }

    public static void main(String[] args) {
        System.exit(new Opsctl().execute(args));
    }

    public int execute(String... args) {
        CommandLine cli = commandLine(args);
        cli.setOut(new PrintWriter(out(), true));
        cli.setErr(new PrintWriter(err(), true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            err().println("opsctl: " + ExitCode.failureLine(e));
            return ExitCode.of(e);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            // messages of the environment and of bugs quote paths, server replies and input too
            err().println("opsctl: " + UntrustedText.bounded(String.valueOf(e.getMessage()), MAX_MESSAGE_CHARS));
            err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** The command tree {@code args} need: only the command they name, or every command when they name none. */
    CommandLine commandLine(String... args) {
        return CommandTree.forArguments(this, args);
    }

    /** Every command, as the help lists them: for readers of the whole tree (the runbook checker). */
    public CommandLine everyCommand() {
        return commandLine();
    }

    @Override
    public OpsctlProcess process() {
        return process;
    }

    @Override
    public OpsConfig config() {
        return process.config(configFile);
    }
}

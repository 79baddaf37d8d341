package com.silenttalk.automation.local.cli;

import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.DiskSpace;
import com.silenttalk.automation.local.ExitCode;
import com.silenttalk.automation.local.OpsctlContext;
import com.silenttalk.automation.local.alerting.AlertCommand;
import com.silenttalk.automation.local.backup.CopyCommand;
import com.silenttalk.automation.local.backup.PruneCommand;
import com.silenttalk.automation.local.backup.SnapshotCommand;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.drill.DrillCommand;
import com.silenttalk.automation.local.drill.ReportCommand;
import com.silenttalk.automation.local.drill.VerifyCommand;
import com.silenttalk.automation.local.failover.FailoverCommand;
import com.silenttalk.automation.local.invoke.InvokeCommand;
import com.silenttalk.automation.local.rotation.RotateCommand;
import com.silenttalk.automation.local.scaling.ScaleCommand;
import com.silenttalk.automation.local.status.StatusCommand;
import com.silenttalk.automation.local.workflow.CrashPoints;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * opsctl: every use case of the suite, run on this machine against self-hosted PostgreSQL. The main class and the command
 * tree, the top of the module: it registers every capability's commands, which see it only as an {@link OpsctlContext}.
 */
@Command(name = "opsctl", mixinStandardHelpOptions = true, version = "opsctl 0.1.0",
        description = "SilentTalk ops automation, run locally: restore drills, snapshots, copies, retention, failover, rotation, alerts, scaling, status, and the cloud functions in-process.",
        footer = {"", "Exit codes: 0 passed, 1 a check failed, 2 bad usage/configuration/input, 3 environment failed, 70 internal error."})
public final class Opsctl implements OpsctlContext {
    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "YAML configuration (default: ./opsctl.yaml if present; see opsctl.example.yaml)")
    Path configFile;

    private static final int MAX_MESSAGE_CHARS = 1000;

    /** Every command, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(DrillCommand.class, SnapshotCommand.class, CopyCommand.class,
            VerifyCommand.class, PruneCommand.class, ReportCommand.class, FailoverCommand.class, RotateCommand.class,
            AlertCommand.class, ScaleCommand.class, InvokeCommand.class, StatusCommand.class, CommandLine.HelpCommand.class);

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workingDir;
    private final CrashPoints crashPoints;
    private final DiskSpace diskSpace;

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
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.workingDir = workingDir;
        this.crashPoints = crashPoints;
        this.diskSpace = diskSpace;
    }

    public static void main(String[] args) {
        System.exit(new Opsctl().execute(args));
    }

    public int execute(String... args) {
        CommandLine cli = commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("opsctl: " + ExitCode.failureLine(e));
            return ExitCode.of(e);
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("opsctl: " + oneLine(e.getMessage()));
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.BAD_INPUT;
        });
        return cli.execute(args);
    }

    /**
     * The command tree {@code args} need: only the command they name, or every command when they name none (the help,
     * a misspelt name). picocli reflects over each registered command's options and subcommands as it registers it:
     * the whole tree cost 0.2 CPU-seconds of every run's start, most of it for commands the run never uses.
     */
    CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(this);
        Optional<String> named = namedCommand(args);
        for (Class<?> command : COMMANDS) {
            if (named.isEmpty() || named.get().equals(command.getAnnotation(Command.class).name())) {
                cli.addSubcommand(command);
            }
        }
        return cli;
    }

    /** Every command, as the help lists them: for readers of the whole tree (the runbook checker). */
    public CommandLine everyCommand() {
        return commandLine();
    }

    /** The first argument that is neither an option of opsctl's own nor its value, if it is a command's name (not help's). */
    private static Optional<String> namedCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i])) {
                i++; // its value
            } else if (!args[i].startsWith("-")) {
                String name = args[i];
                boolean command = COMMANDS.stream().anyMatch(c -> c != CommandLine.HelpCommand.class
                        && name.equals(c.getAnnotation(Command.class).name()));
                return command ? Optional.of(name) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Messages of the environment and of bugs quote paths, server replies and input too. */
    private static String oneLine(String message) {
        return UntrustedText.bounded(String.valueOf(message), MAX_MESSAGE_CHARS);
    }

    @Override
    public OpsConfig config() {
        Path file = configFile;
        if (file == null && env.containsKey("OPSCTL_CONFIG")) {
            file = Path.of(env.get("OPSCTL_CONFIG"));
        }
        if (file == null && Files.isRegularFile(workingDir.resolve("opsctl.yaml"))) {
            file = workingDir.resolve("opsctl.yaml");
        }
        return ConfigLoader.load(file == null ? null : workingDir.resolve(file), env, workingDir);
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Path workingDir() {
        return workingDir;
    }

    @Override
    public CrashPoints crashPoints() {
        return crashPoints;
    }

    @Override
    public DiskSpace diskSpace() {
        return diskSpace;
    }
}

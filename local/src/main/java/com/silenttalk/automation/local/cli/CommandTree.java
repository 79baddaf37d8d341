package com.silenttalk.automation.local.cli;

import com.silenttalk.automation.local.alerting.AlertCommand;
import com.silenttalk.automation.local.backup.CopyCommand;
import com.silenttalk.automation.local.backup.PruneCommand;
import com.silenttalk.automation.local.backup.SnapshotCommand;
import com.silenttalk.automation.local.drill.DrillCommand;
import com.silenttalk.automation.local.drill.ReportCommand;
import com.silenttalk.automation.local.drill.VerifyCommand;
import com.silenttalk.automation.local.failover.FailoverCommand;
import com.silenttalk.automation.local.invoke.InvokeCommand;
import com.silenttalk.automation.local.rotation.RotateCommand;
import com.silenttalk.automation.local.scaling.ScaleCommand;
import com.silenttalk.automation.local.status.StatusCommand;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** opsctl's commands, in the order the help lists them, and the part of them one run needs. */
final class CommandTree {
    private static final List<Class<?>> COMMANDS = List.of(DrillCommand.class, SnapshotCommand.class, CopyCommand.class,
            VerifyCommand.class, PruneCommand.class, ReportCommand.class, FailoverCommand.class, RotateCommand.class,
            AlertCommand.class, ScaleCommand.class, InvokeCommand.class, StatusCommand.class, CommandLine.HelpCommand.class);

    private CommandTree() {
    }

    /**
     * The command tree {@code args} need under {@code top}: only the command they name, or every command when they name
     * none (the help, a misspelt name). picocli reflects over each registered command's options and subcommands as it
     * registers it: the whole tree cost 0.2 CPU-seconds of every run's start, most of it for commands the run never uses.
     */
    static CommandLine forArguments(Object top, String... args) {
        CommandLine cli = new CommandLine(top);
        Optional<String> named = namedCommand(args);
        for (Class<?> command : COMMANDS) {
            if (named.isEmpty() || named.get().equals(command.getAnnotation(Command.class).name())) {
                cli.addSubcommand(command);
            }
        }
        return cli;
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
}

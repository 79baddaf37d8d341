package com.silenttalk.automation.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run builds the command it names, not the whole tree; the help and a misspelt name still see every command. */
class OpsctlCommandTreeTest {
    private static final List<String> ALL = List.of("drill", "snapshot", "copy", "verify", "prune", "report", "failover", "rotate",
            "alert", "scale", "invoke", "status", "help");

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Opsctl opsctl() {
        return new Opsctl(Map.of(), Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), work);
    }

    @Test
    void commandLine_whenTheArgumentsNameACommand_registersOnlyThatCommand() {
        assertThat(opsctl().commandLine("drill", "--demo").getSubcommands().keySet()).containsExactly("drill");
        assertThat(opsctl().commandLine("--config", "drill", "status", "--json").getSubcommands().keySet())
                .as("a config file named like a command is the option's value").containsExactly("status");
        assertThat(opsctl().commandLine("--config=x.yaml", "failover", "approve").getSubcommands().keySet())
                .containsExactly("failover");
        assertThat(opsctl().commandLine("failover").getSubcommands().get("failover").getSubcommands().keySet())
                .containsExactly("approve", "plan");
    }

    @Test
    void commandLine_whenTheArgumentsNameNoCommand_registersEveryCommandInHelpOrder() {
        assertThat(opsctl().commandLine().getSubcommands().keySet()).containsExactlyElementsOf(ALL);
        assertThat(opsctl().commandLine("--help").getSubcommands().keySet()).containsExactlyElementsOf(ALL);
        assertThat(opsctl().commandLine("help", "drill").getSubcommands().keySet()).containsExactlyElementsOf(ALL);
        assertThat(opsctl().commandLine("dril").getSubcommands().keySet()).containsExactlyElementsOf(ALL);
    }

    @Test
    void execute_whenTheHelpOfOneCommandIsAsked_printsItAsTheWholeTreeDid() {
        int code = opsctl().execute("help", "drill");
        String viaHelp = out.toString(StandardCharsets.UTF_8);
        out.reset();
        int direct = opsctl().execute("drill", "--help");

        assertThat(code).isZero();
        assertThat(direct).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(viaHelp).startsWith("Usage: opsctl drill");
    }

    @Test
    void execute_whenTheCommandIsMisspelt_refusesItAsTheWholeTreeDidAndExits2() {
        int code = opsctl().execute("dril");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
                opsctl: Unmatched argument at index 0: 'dril'
                Try 'opsctl --help'.
                """);
    }
}

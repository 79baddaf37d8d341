package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged opsctl.jar, as an operator runs it: an error is one line on stderr. Every invoke used to
 * print three "SLF4J: Failed to load class" lines first (the SDKs log through SLF4J and the jar had no
 * provider), and a bad failover-orchestration input was an internal error, exit 70 (issue #14).
 */
class OpsctlJarStderrIT {
    static final Path AZURE_EVENTS = Path.of("..", "functions-azure", "src", "test", "resources", "events").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void invoke_whenTheEventIsEmpty_printsOneLineAndExits2() throws Exception {
        Path empty = Files.writeString(work.resolve("empty.json"), "");

        Result result = opsctl("invoke", "--cloud", "azure", "--function", "failover-orchestration", "--event", empty.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr().lines().toList()).as(result.toString()).singleElement().asString()
                .startsWith("opsctl: bad input: event: is empty");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void invoke_whenADryRunSucceeds_printsOnlyItsSummaryOnStderr() throws Exception {
        Result result = opsctl("invoke", "--cloud", "azure", "--function", "failover-orchestration", "--event",
                AZURE_EVENTS.resolve("durable/failover-begin-input.json").toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr().lines().toList()).as(result.toString()).singleElement().asString()
                .startsWith("[invoke] failover-orchestration dry-run: ");
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    Result opsctl(String... args) throws Exception {
        Path jar = Path.of("target", "opsctl.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPSCTL_") || k.startsWith("ST_") || k.startsWith("AZURE_"));
        pb.environment().putAll(Map.of("AZURE_SUBSCRIPTION_ID", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "ST_RESOURCE_GROUP", "silenttalk-prod", "ST_PRIMARY_REGION", "westeurope", "ST_PAIRED_REGION", "northeurope",
                "ST_DATABASES", "orders", "ST_BACKUP_ACCOUNT", "stprimary", "ST_PAIRED_ACCOUNT", "stpaired",
                "ST_DRILL_ADMIN_SECRET_URI", "https://st-ops-kv.vault.azure.net/secrets/drill-admin",
                "ST_ARM_ENDPOINT", "https://127.0.0.1:9"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("opsctl finished").isTrue();
        return new Result(p.exitValue(), Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}

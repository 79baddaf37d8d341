package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.local.ledger.OperationLease;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands besides drill that change things take their lease before changing anything, and dry runs take none. */
class SingleFlightCommandsTest {
    @TempDir
    Path work;

    private OperationLease hold(String operation, String database) {
        return OperationLease.acquire(work.resolve("state/leases"), operation, database, Duration.ZERO, Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()), new PrintStream(OutputStream.nullOutputStream()));
    }

    @Test
    void prune_whenAnotherPruneRuns_exits2NamingIt_butADryRunStillReads() throws Exception {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));
        try (OperationLease held = hold("prune", "all databases")) {
            OpsctlRun prune = OpsctlRun.in(work, Map.of(), "prune");
            OpsctlRun dryRun = OpsctlRun.in(work, Map.of(), "prune", "--dry-run");

            assertThat(prune.exitCode()).as(prune.toString()).isEqualTo(2);
            assertThat(prune.stderr()).startsWith("opsctl: bad input: prune: the prune of 'all databases' is already running in process "
                    + ProcessHandle.current().pid());
            assertThat(prune.stdout()).isEmpty();
            assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        }
        assertThat(OpsctlRun.in(work, Map.of(), "prune").exitCode()).as("free again once released").isZero();
    }

    @Test
    void rotate_whenTheSameSecretIsBeingRotated_exits2BeforeTouchingTheSecretOrTheTarget() throws Exception {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));
        String target = "postgresql://127.0.0.1:1/app"; // nothing listens there: reaching it would fail differently
        Map<String, String> env = Map.of("OPSCTL_ROTATE_INITIAL_PASSWORD", "initial-Pa55word-of-app");
        assertThat(OpsctlRun.in(work, env, "rotate", "--target", target, "--store", "file:secret.json", "--init-user", "app")
                .exitCode()).isZero();
        String before = Files.readString(work.resolve("secret.json"));

        try (OperationLease held = hold("rotate", work.resolve("secret.json").toString())) {
            OpsctlRun rotate = OpsctlRun.in(work, env, "rotate", "--target", target, "--store", "file:secret.json");

            assertThat(rotate.exitCode()).as(rotate.toString()).isEqualTo(2);
            assertThat(rotate.stderr()).contains("rotate: the rotate of '" + work.resolve("secret.json") + "' is already running in process");
        }
        assertThat(Files.readString(work.resolve("secret.json"))).isEqualTo(before);
    }
}

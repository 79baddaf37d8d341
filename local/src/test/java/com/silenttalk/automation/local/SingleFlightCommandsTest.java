package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.local.ledger.OperationLease;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    @Test
    void copyAndVerify_whenTheirLeaseIsHeld_exit2NamingTheHolder_andWriteNothing() throws Exception {
        try (ThrowawayCluster source = ThrowawayCluster.create(PgBinaries.locate(System.getenv()), work.resolve("source"), "lease-source")) {
            source.createDatabase("silenttalk");
            TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"),
                    "source:\n  url: postgresql://opsctl@127.0.0.1:" + source.handle().port() + "/silenttalk\n"));
            Map<String, String> env = Map.of("OPSCTL_SOURCE_PASSWORD", new String(source.endpoint("silenttalk").password()));
            OpsctlRun snapshot = OpsctlRun.in(work, env, "snapshot");
            assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
            String id = LocalJson.MAPPER.readTree(snapshot.stdout()).get("snapshot").asText();
            List<Path> before = files(work.resolve("state"));

            try (OperationLease held = hold("copy", "silenttalk")) {
                OpsctlRun copy = OpsctlRun.in(work, env, "copy");

                assertThat(copy.exitCode()).as(copy.toString()).isEqualTo(2);
                assertThat(copy.stderr()).startsWith("opsctl: bad input: copy: the copy of 'silenttalk' is already running in process "
                        + ProcessHandle.current().pid());
                assertThat(files(work.resolve("state"))).as("nothing copied, nothing recorded").isEqualTo(before);
            }
            assertThat(OpsctlRun.in(work, env, "copy").exitCode()).as("free again once released").isZero();
            before = files(work.resolve("state"));

            try (OperationLease held = hold("drill", "silenttalk")) { // a verify runs the drill's workflow on its journal
                OpsctlRun verify = OpsctlRun.in(work, env, "verify", "--snapshot", id);

                assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(2);
                assertThat(verify.stderr()).startsWith("opsctl: bad input: drill: the drill of 'silenttalk' is already running in process "
                        + ProcessHandle.current().pid());
                assertThat(files(work.resolve("state"))).as("no journal, no ledger record").isEqualTo(before);
                assertThat(TestClusters.leftovers(work.resolve("clusters"))).as("no server started").isEmpty();
            }
        }
    }

    @Test
    void failoverDemo_whenThePairsLeaseIsHeld_exits2BeforeStartingAServer() throws Exception {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));
        // the demo's pair is named from its state directory
        String prefix = "fo-" + Integer.toHexString(work.resolve("state/failover").toAbsolutePath().toString().hashCode());

        try (OperationLease held = hold("failover", prefix + "-a+" + prefix + "-b")) {
            OpsctlRun failover = OpsctlRun.in(work, Map.of(), "failover", "--demo", "--rows", "100");

            assertThat(failover.exitCode()).as(failover.toString()).isEqualTo(2);
            assertThat(failover.stderr()).startsWith("opsctl: bad input: failover: the failover of '" + prefix + "-a+" + prefix
                    + "-b' is already running in process " + ProcessHandle.current().pid());
        }
        assertThat(work.resolve("clusters")).doesNotExist();
        assertThat(work.resolve("state/failover")).doesNotExist();
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.startsWith(dir.resolve("leases"))).sorted().toList();
        }
    }
}

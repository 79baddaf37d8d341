package com.silenttalk.automation.local.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.workflow.ManualClock;
import com.silenttalk.automation.local.ChildOpsctl;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.TestClusters;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single flight across processes: refused naming the holder, waited for with --wait, taken over only once the holder is gone. */
class OperationLeaseTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path work;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private OperationLease acquire(String operation, String database, Duration maxWait) {
        return OperationLease.acquire(work.resolve("state/leases"), operation, database, maxWait, CLOCK,
                d -> Thread.sleep(d.toMillis()), new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    @Test
    void acquire_whenFree_recordsThisProcessAsTheHolder() throws Exception {
        try (OperationLease lease = acquire("drill", "orders", Duration.ZERO)) {
            OperationLease.Holder written = LocalJson.MAPPER.readValue(lease.file().toFile(), OperationLease.Holder.class);
            assertThat(written.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(written.operation()).isEqualTo("drill");
            assertThat(written.database()).isEqualTo("orders");
        }
    }

    @Test
    void acquire_whenThisProcessHoldsIt_refusesNamingThisProcess_andTheFirstLeaseStillHolds() {
        try (OperationLease first = acquire("drill", "orders", Duration.ZERO)) {
            assertThatThrownBy(() -> acquire("drill", "orders", Duration.ZERO))
                    .isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("drill: the drill of 'orders' is already running in process " + ProcessHandle.current().pid())
                    .hasMessageContaining("--wait");
            assertThatThrownBy(() -> acquire("drill", "orders", Duration.ZERO)).as("a refusal releases nothing")
                    .isInstanceOf(InvalidFieldException.class);
        }
        acquire("drill", "orders", Duration.ZERO).close();
    }

    @Test
    void acquire_ofAnotherDatabaseOrOperation_isIndependent() {
        try (OperationLease drill = acquire("drill", "orders", Duration.ZERO);
             OperationLease other = acquire("drill", "billing", Duration.ZERO);
             OperationLease copy = acquire("copy", "orders", Duration.ZERO)) {
            assertThat(drill.file()).isNotEqualTo(other.file()).isNotEqualTo(copy.file());
        }
    }

    @Test
    void acquire_withWait_givesUpAfterTheLimitNamingTheHolder() {
        ManualClock moving = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
        try (OperationLease held = acquire("prune", "all databases", Duration.ZERO)) {
            assertThatThrownBy(() -> OperationLease.acquire(work.resolve("state/leases"), "prune", "all databases",
                    Duration.ofMinutes(5), moving, moving::advance, new PrintStream(progress, true, StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("was still running after PT5M of waiting, in process " + ProcessHandle.current().pid());
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).containsOnlyOnce("[prune] waiting for the prune of 'all databases'");
    }

    @Test
    void acquire_whenAnotherProcessHoldsIt_refusesNamingIt_waitsWithWait_andIsTakenOverOnlyOnceThatProcessIsGone()
            throws Exception {
        TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), work.resolve("clusters"), ""));
        try (ChildOpsctl holder = ChildOpsctl.start(work, "leased:prune", "prune")) {
            holder.awaitPause("leased:prune");

            assertThatThrownBy(() -> acquire("prune", "all databases", Duration.ZERO))
                    .hasMessageContaining("already running in process " + holder.pid() + " (started ");

            CompletableFuture<OperationLease> waiting = CompletableFuture.supplyAsync(() -> acquire("prune", "all databases",
                    Duration.ofMinutes(2)));
            Thread.sleep(1500);
            assertThat(waiting).as("waits while the holder lives").isNotDone();
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("waiting for the prune of 'all databases' running in process "
                    + holder.pid());

            holder.kill9(); // the kernel drops its lock: no stale lease is left behind
            try (OperationLease taken = waiting.get(30, TimeUnit.SECONDS)) {
                assertThat(taken.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            }
        }
    }

    @Test
    void acquire_whenTheHolderHasLockedButNotYetWrittenItsName_waitsForTheNameAndRefusesNamingIt() throws Exception {
        Path file = Files.createDirectories(work.resolve("state/leases")).resolve(OperationLease.fileName("drill", "orders"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), UnnamedLockHolder.class.getName(),
                file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("locked");
            CompletableFuture<OperationLease> refused = CompletableFuture.supplyAsync(() -> acquire("drill", "orders", Duration.ZERO));
            Thread.sleep(300);
            assertThat(refused).as("no name yet: it looks again rather than refuse naming nobody").isNotDone();

            Files.writeString(file, LocalJson.write(new OperationLease.Holder(holder.pid(), null, Instant.now(), "drill", "orders")));

            assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("the drill of 'orders' is already running in process " + holder.pid() + ", holding it since");
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void fileName_whenNamesOnlyDifferInUnsafeCharacters_differs() {
        assertThat(OperationLease.fileName("rotate", "a/b")).isNotEqualTo(OperationLease.fileName("rotate", "a_b"))
                .startsWith("rotate-a_b-").endsWith(".lock");
        assertThat(OperationLease.fileName("drill", "x".repeat(300)).length()).isLessThan(100);
    }
}

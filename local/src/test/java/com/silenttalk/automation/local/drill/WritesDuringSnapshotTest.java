package com.silenttalk.automation.local.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.drill.CheckResult;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.TableCount;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.OpsctlRun;
import com.silenttalk.automation.local.TestClusters;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgbench writing while the snapshot is taken: the drill passes, and pgbench's own invariant
 * (every transaction moves one delta into an account and logs it in pgbench_history) holds in
 * the restored copy, which a dump that mixed two points in time would break.
 */
class WritesDuringSnapshotTest {
    private static final String INVARIANT = "SELECT (SELECT sum(abalance) FROM pgbench_accounts)"
            + " = (SELECT coalesce(sum(delta), 0) FROM pgbench_history)";

    @TempDir
    Path work;

    @Test
    void drill_whenPgbenchWritesDuringTheSnapshot_passesAndTheInvariantHoldsInTheRestore() throws Exception {
        Path clusters = work.resolve("clusters");
        PgBinaries binaries = PgBinaries.locate(System.getenv());
        try (ThrowawayCluster server = ThrowawayCluster.create(binaries, clusters, "pgbench-source")) {
            server.createDatabase("bench");
            PgEndpoint bench = server.endpoint("bench");
            run(pgbench(binaries, bench, "-i", "-s", "5", "-q"), 300);
            TestClusters.writeConfig(work, TestClusters.config(work.resolve("state"), clusters,
                    "drill:\n  probes:\n    - name: pgbench-invariant\n      sql: \"" + INVARIANT + "\"\n      expect: \"t\"\n"
                            + "    - name: history-rows\n      sql: select count(*) > 0 from pgbench_history\n      expect: \"t\"\n"));
            // -T 60 rather than 20, stopped as soon as the drill ends: the writes span the snapshot however loaded the machine.
            Process writes = pgbench(binaries, bench, "-c", "2", "-T", "60", "-n").start();
            try {
                waitForHistory(bench);

                OpsctlRun drill = OpsctlRun.in(work, Map.of("OPSCTL_SOURCE_PASSWORD", new String(bench.password())),
                        "drill", "--source-url", "postgresql://opsctl@127.0.0.1:" + server.handle().port() + "/bench");

                assertThat(drill.exitCode()).as(drill.toString()).isZero();
                DrillReport report = LocalJson.MAPPER.readValue(drill.stdout(), DrillReport.class);
                assertThat(report.checks()).contains(CheckResult.pass("probe:pgbench-invariant", "returned t"),
                        CheckResult.pass("probe:history-rows", "returned t"));
                long restoredHistory = report.tables().stream().filter(t -> t.table().equals("public.pgbench_history"))
                        .mapToLong(TableCount::restoredRows).sum();
                assertThat(restoredHistory).as("writes before the snapshot are in it").isPositive();
                assertThat(count(bench, "pgbench_history")).as("writes went on after the snapshot").isGreaterThan(restoredHistory);
            } finally {
                writes.destroy();
                writes.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static ProcessBuilder pgbench(PgBinaries binaries, PgEndpoint target, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(binaries.tool("pgbench").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(target.libpqEnvironment());
        return pb;
    }

    private static void run(ProcessBuilder pb, int seconds) throws Exception {
        Process p = pb.start();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("pgbench finished in %d s", seconds).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    /** pgbench has started committing: the snapshot will land among its writes, not before them. */
    private static void waitForHistory(PgEndpoint target) throws Exception {
        for (int i = 0; i < 200 && count(target, "pgbench_history") == 0; i++) {
            Thread.sleep(50);
        }
        assertThat(count(target, "pgbench_history")).isPositive();
    }

    private static long count(PgEndpoint target, String table) throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

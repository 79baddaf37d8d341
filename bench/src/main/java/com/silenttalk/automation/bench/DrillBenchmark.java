package com.silenttalk.automation.bench;

import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.StepTiming;
import com.silenttalk.automation.local.config.ConfigLoader;
import com.silenttalk.automation.local.config.OpsConfig;
import com.silenttalk.automation.local.drill.DemoDataset;
import com.silenttalk.automation.local.drill.DrillWiring;
import com.silenttalk.automation.local.drill.LocalDrillRunner;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.PgTool;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole drill against the bare serial pipeline (pg_dump -Fc, sha256sum, initdb + pg_restore,
 * count(*) per table, teardown), on the same source, alternating, in one run.
 * Usage: DrillBenchmark [rows=1000000] [rounds=3] [BENCHMARKS.md path]
 */
public final class DrillBenchmark {
    private static final List<String> BASELINE_STEPS = List.of("pg_dump -Fc", "sha256sum", "initdb + start", "pg_restore",
            "count(*) per table", "teardown");

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Path.of(args.length > 2 ? args[2] : "BENCHMARKS.md");
        PgBinaries bin = PgBinaries.locate(System.getenv());
        Path work = Files.createTempDirectory("opsctl-bench");
        Path clusters = ThrowawayCluster.defaultRoot().resolveSibling("bench-clusters");

        try (ThrowawayCluster source = ThrowawayCluster.create(bin, clusters, "bench-source-" + ProcessHandle.current().pid())) {
            source.createDatabase("silenttalk");
            PgEndpoint src = source.endpoint("silenttalk");
            long loadStart = System.nanoTime();
            DemoDataset.load(src, rows);
            System.err.printf("loaded %d rows in %.1fs%n", rows, (System.nanoTime() - loadStart) / 1e9);
            long dbBytes = databaseSize(src);

            List<Map<String, Duration>> baselines = new ArrayList<>();
            List<Map<String, Duration>> drills = new ArrayList<>();
            List<Map<String, Duration>> uncompressed = new ArrayList<>();
            long archiveBaseline = 0;
            long archiveDrill = 0;
            long archiveZ0 = 0;
            for (int round = 0; round < rounds; round++) {
                Path b = Files.createDirectories(work.resolve("baseline-" + round));
                baselines.add(baseline(bin, src, clusters, b));
                archiveBaseline = Files.size(b.resolve("dump.pgc"));
                deleteTree(b);
                Path d = Files.createDirectories(work.resolve("drill-" + round));
                Map<String, Duration> drill = drill(src, clusters, d, 1);
                drills.add(drill);
                archiveDrill = archiveSize(d);
                deleteTree(d);
                Path z = Files.createDirectories(work.resolve("drill-z0-" + round));
                uncompressed.add(drill(src, clusters, z, 0));
                archiveZ0 = archiveSize(z);
                deleteTree(z);
                System.err.printf("round %d: baseline %s, drill %s%n", round + 1, total(baselines.get(round)), total(drill));
            }
            String section = render(rows, dbBytes, rounds, baselines, drills, uncompressed, archiveBaseline, archiveDrill, archiveZ0);
            BenchmarksFile.replaceSection(out, "drill", section);
            System.out.println(section);
        } finally {
            deleteTree(work);
        }
    }

    /** The bare pipeline, each step a plain program run, on a server tuned like the drill's (fsync off). */
    private static Map<String, Duration> baseline(PgBinaries bin, PgEndpoint src, Path clusters, Path dir) throws Exception {
        Map<String, Duration> t = new LinkedHashMap<>();
        Path dump = dir.resolve("dump.pgc");
        t.put("pg_dump -Fc", time(() -> PgTool.run(List.of(bin.tool("pg_dump").toString(), "-Fc", "-f", dump.toString()),
                src.libpqEnvironment(), false, Duration.ofHours(1))));
        t.put("sha256sum", time(() -> PgTool.run(List.of("sha256sum", dump.toString()), Map.of(), false, Duration.ofHours(1))));
        ThrowawayCluster[] target = new ThrowawayCluster[1];
        t.put("initdb + start", time(() -> {
            target[0] = ThrowawayCluster.create(bin, clusters, "bench-baseline-" + ProcessHandle.current().pid());
            target[0].createDatabase("restored");
        }));
        PgEndpoint restored = target[0].endpoint("restored");
        t.put("pg_restore", time(() -> PgTool.run(List.of(bin.tool("pg_restore").toString(), "--no-owner", "--no-acl",
                "-d", "restored", dump.toString()), restored.libpqEnvironment(), false, Duration.ofHours(1))));
        t.put("count(*) per table", time(() -> {
            try (Connection c = restored.connect(); Statement s = c.createStatement()) {
                for (String table : List.of("users", "contacts", "calls", "messages", "sessions")) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                    }
                }
            }
        }));
        t.put("teardown", time(target[0]::close));
        return t;
    }

    private static Map<String, Duration> drill(PgEndpoint src, Path clusters, Path dir, int compression) {
        OpsConfig config = ConfigLoader.load(null, Map.of("OPSCTL_CFG_STATEDIR", dir.toString(),
                "OPSCTL_CFG_CLUSTERSDIR", clusters.toString(), "OPSCTL_CFG_BACKUP_COMPRESSION", Integer.toString(compression)), dir);
        DrillWiring wiring = new DrillWiring(config, src, System.getenv());
        DrillReport report = new LocalDrillRunner(wiring, Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()))
                .runOrResume(wiring.drillRequest()).report();
        return stepTimes(report);
    }

    /** A passed drill's seconds per step, by the step's label. */
    static Map<String, Duration> stepTimes(DrillReport report) {
        if (!report.passed()) {
            throw new IllegalStateException("the benchmarked drill failed: " + report.summary());
        }
        Map<String, Duration> t = new LinkedHashMap<>();
        for (StepTiming s : report.steps()) {
            t.put(s.step().label(), s.duration());
        }
        return t;
    }

    private static String render(long rows, long dbBytes, int rounds, List<Map<String, Duration>> baselines,
                                 List<Map<String, Duration>> drills, List<Map<String, Duration>> uncompressed,
                                 long archiveBaseline, long archiveDrill, long archiveZ0) {
        StringBuilder md = new StringBuilder();
        md.append("## Restore drill vs the bare serial pipeline\n\n");
        md.append("Harness: `bench/run-drill-benchmark.sh` (`com.silenttalk.automation.bench.DrillBenchmark`). ")
                .append(String.format("%,d-row demo dataset (%.0f MB on disk), %d rounds alternating baseline and drill on the same source; median per step.%n%n",
                        rows, dbBytes / 1e6, rounds));
        md.append("Machine: ").append(BenchmarksFile.machine()).append(".\n\n");
        md.append("| bare serial pipeline | median s | | drill step | median s (default, gzip 1) | median s (compression 0) |\n|---|---:|---|---|---:|---:|\n");
        List<String> drillSteps = List.of("snapshot", "copy", "restore", "verify", "teardown", "report");
        for (int i = 0; i < Math.max(BASELINE_STEPS.size(), drillSteps.size()); i++) {
            String b = i < BASELINE_STEPS.size() ? BASELINE_STEPS.get(i) : "";
            String d = i < drillSteps.size() ? drillSteps.get(i) : "";
            md.append("| ").append(b).append(" | ").append(b.isEmpty() ? "" : secs(median(baselines, b)))
                    .append(" | | ").append(d).append(" | ").append(d.isEmpty() ? "" : secs(median(drills, d)))
                    .append(" | ").append(d.isEmpty() ? "" : secs(median(uncompressed, d))).append(" |\n");
        }
        Duration baseTotal = medianTotal(baselines);
        Duration drillTotal = medianTotal(drills);
        Duration z0Total = medianTotal(uncompressed);
        md.append("| **total** | **").append(secs(baseTotal)).append("** | | **total** | **").append(secs(drillTotal))
                .append("** | **").append(secs(z0Total)).append("** |\n\n");
        md.append(String.format("**Ratio drill / bare pipeline: %.2f×** with the default compression (goal ≤ 1.0×, stretch ≤ 0.6×); "
                        + "%.2f× with `backup.compression: 0`. Archive: %.1f MB at gzip 6 (bare), %.1f MB at gzip 1 (drill default), %.1f MB uncompressed.%n%n",
                drillTotal.toMillis() / (double) baseTotal.toMillis(), z0Total.toMillis() / (double) baseTotal.toMillis(),
                archiveBaseline / 1e6, archiveDrill / 1e6, archiveZ0 / 1e6));
        md.append("What the drill does beyond the bare pipeline, inside its time: counts every table and fingerprints the schema in the ")
                .append("exported snapshot while pg_dump runs; hashes the archive as it streams (no separate sha256sum pass); ")
                .append("copies it to the second region with a hash check; generates a TLS certificate for the restore server; ")
                .append("checks size and SHA-256 on a second thread while `pg_restore --jobs=2` runs; counts with two connections; ")
                .append("writes the manifest, journal, ledger and report. Both restore servers run with fsync off ")
                .append("(throwaway targets), so the comparison isolates the pipeline, not disk flushing.\n");
        return md.toString();
    }

    private static Duration median(List<Map<String, Duration>> runs, String step) {
        List<Duration> d = runs.stream().map(r -> r.getOrDefault(step, Duration.ZERO)).sorted().toList();
        return d.get(d.size() / 2);
    }

    private static Duration medianTotal(List<Map<String, Duration>> runs) {
        List<Duration> d = runs.stream().map(DrillBenchmark::total).sorted().toList();
        return d.get(d.size() / 2);
    }

    private static Duration total(Map<String, Duration> run) {
        return run.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    static String secs(Duration d) {
        return String.format("%.2f", d.toMillis() / 1000.0);
    }

    interface Step {
        void run() throws Exception;
    }

    private static Duration time(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static long databaseSize(PgEndpoint src) throws Exception {
        try (Connection c = src.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long archiveSize(Path stateDir) throws Exception {
        try (Stream<Path> files = Files.walk(stateDir.resolve("regions/primary"))) {
            return files.filter(f -> f.getFileName().toString().equals("dump.pgc")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

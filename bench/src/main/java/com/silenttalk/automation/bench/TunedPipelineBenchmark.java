package com.silenttalk.automation.bench;

import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.local.LocalJson;
import com.silenttalk.automation.local.postgres.PgBinaries;
import com.silenttalk.automation.local.postgres.PgEndpoint;
import com.silenttalk.automation.local.postgres.PgTool;
import com.silenttalk.automation.local.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue #13's benchmark: {@code opsctl drill --source-url} as a user runs it (a fresh JVM, every
 * pre-flight and check) against the tuned bare pipeline of {@code bench/tuned-pipeline.sh} with the
 * drill's own settings, on a pgbench database, alternating in one run (the order swapped each round).
 * Usage: TunedPipelineBenchmark [scale=50] [rounds=3] [BENCHMARKS.md path] (run from the repository root,
 * after {@code mvn -pl bench -am package}: it starts {@code local/target/opsctl.jar}).
 */
public final class TunedPipelineBenchmark {
    private static final List<String> PIPELINE_STEPS = List.of("dump", "server", "restore", "count", "teardown");
    private static final List<String> DRILL_STEPS = List.of("snapshot", "copy", "restore", "verify", "teardown", "report");
    private static final String DRILL_OUTSIDE_STEPS = "JVM start, pre-flight, journal, report file";

    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path out = Path.of(args.length > 2 ? args[2] : "BENCHMARKS.md");
        Path opsctlJar = Path.of("local/target/opsctl.jar").toAbsolutePath();
        Path pipeline = Path.of("bench/tuned-pipeline.sh").toAbsolutePath();
        PgBinaries bin = PgBinaries.locate(System.getenv());
        Path clusters = ThrowawayCluster.defaultRoot().resolveSibling("bench-clusters");
        // Named by this process: a second bench running at once must neither remove this one's source as its
        // "leftover" nor delete its work directory.
        String own = "-" + ProcessHandle.current().pid();
        // beside the clusters: as root, the pipeline's server (run as postgres) must reach its directory
        Path work = ThrowawayCluster.defaultRoot().resolveSibling("bench-tuned-pipeline" + own);
        deleteTree(work);
        Files.createDirectories(work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        String loadBefore = loadAverage();

        try (ThrowawayCluster source = ThrowawayCluster.create(bin, clusters, "bench-pgbench-source" + own)) {
            source.createDatabase("bench");
            PgEndpoint src = source.endpoint("bench");
            long loadStart = System.nanoTime();
            run(new ProcessBuilder(bin.tool("pgbench").toString(), "-i", "-s", Integer.toString(scale), "-q"), src.libpqEnvironment(),
                    Duration.ofMinutes(30));
            System.err.printf("pgbench -i -s %d in %.1fs%n", scale, (System.nanoTime() - loadStart) / 1e9);
            long dbBytes = DrillBenchmark.databaseSize(src);

            List<Map<String, Duration>> pipelines = new ArrayList<>();
            List<Duration> pipelineWalls = new ArrayList<>();
            List<Map<String, Duration>> drills = new ArrayList<>();
            List<Duration> drillWalls = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Path p = Files.createDirectories(work.resolve("pipeline-" + round));
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
                Path d = Files.createDirectories(work.resolve("drill-" + round));
                for (boolean drillFirst : round % 2 == 0 ? List.of(false, true) : List.of(true, false)) {
                    if (drillFirst) {
                        long start = System.nanoTime();
                        drills.add(drill(opsctlJar, source, d, clusters));
                        drillWalls.add(Duration.ofNanos(System.nanoTime() - start));
                    } else {
                        long start = System.nanoTime();
                        pipelines.add(pipeline(pipeline, bin, src, p));
                        pipelineWalls.add(Duration.ofNanos(System.nanoTime() - start));
                    }
                }
                deleteTree(p);
                deleteTree(d);
                System.err.printf("round %d: tuned pipeline %s, drill %s%n", round + 1, DrillBenchmark.secs(pipelineWalls.get(round)),
                        DrillBenchmark.secs(drillWalls.get(round)));
            }
            String section = render(scale, dbBytes, rounds, pipelines, pipelineWalls, drills, drillWalls, loadBefore, loadAverage());
            BenchmarksFile.replaceSection(out, "drill-tuned", section);
            System.out.println(section);
        } finally {
            deleteTree(work);
        }
    }

    /** The bare pipeline's own per-step seconds, as the script prints them. */
    private static Map<String, Duration> pipeline(Path script, PgBinaries bin, PgEndpoint src, Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(src.libpqEnvironment());
        env.put("PG_BIN", bin.tool("pg_dump").getParent().toString());
        env.put("COMPRESSION", "1");
        env.put("JOBS", "2");
        String stdout = run(new ProcessBuilder("bash", script.toString(), dir.toString()), env, Duration.ofHours(1));
        Map<String, Duration> t = new LinkedHashMap<>();
        for (String line : stdout.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            t.put(parts[0], Duration.ofNanos((long) (Double.parseDouble(parts[1]) * 1e9)));
        }
        if (!t.keySet().containsAll(PIPELINE_STEPS)) {
            throw new IllegalStateException("the tuned pipeline printed " + t.keySet());
        }
        return t;
    }

    /** {@code java -jar opsctl.jar drill --source-url ...} in a fresh state directory; its report's step timings. */
    private static Map<String, Duration> drill(Path opsctlJar, ThrowawayCluster source, Path dir, Path clusters) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OPSCTL_SOURCE_PASSWORD", new String(source.endpoint("bench").password()));
        env.put("OPSCTL_CFG_STATEDIR", dir.resolve("state").toString());
        env.put("OPSCTL_CFG_CLUSTERSDIR", clusters.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", opsctlJar.toString(), "drill", "--source-url",
                "postgresql://opsctl@127.0.0.1:" + source.handle().port() + "/bench", "--report-dir", dir.toString())
                .directory(dir.toFile());
        return DrillBenchmark.stepTimes(LocalJson.MAPPER.readValue(run(pb, env, Duration.ofHours(1)), DrillReport.class));
    }

    private static String run(ProcessBuilder pb, Map<String, String> env, Duration timeout) throws Exception {
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(pb.command() + " failed: " + stdout);
        }
        return stdout;
    }

    private static String render(int scale, long dbBytes, int rounds, List<Map<String, Duration>> pipelines,
                                 List<Duration> pipelineWalls, List<Map<String, Duration>> drills, List<Duration> drillWalls,
                                 String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("## Drill vs the tuned bare pipeline, pgbench scale ").append(scale).append(" (issue #13)\n\n");
        md.append("Harness: `bash bench/run-tuned-pipeline-benchmark.sh ").append(scale).append(' ').append(rounds)
                .append("` (`com.silenttalk.automation.bench.TunedPipelineBenchmark`). ")
                .append(String.format("`pgbench -i -s %d` (%,d accounts, %.0f MB on disk); %d rounds, the tuned pipeline and the drill "
                        + "alternating on the same source (order swapped each round); median wall time, start to exit.%n%n",
                        scale, scale * 100_000L, dbBytes / 1e6, rounds));
        md.append("Machine: ").append(BenchmarksFile.machine()).append(String.format(
                ". Load average (1, 5, 15 min) %s before, %s after; run under `%s`.%n%n", loadBefore, loadAfter, niceness()));
        md.append("The tuned pipeline (`bench/tuned-pipeline.sh`) has the drill's settings and none of its checks: `pg_dump -Fc "
                + "--compress=1` streamed through `tee | sha256sum`; `initdb --no-sync` and a server with fsync, full_page_writes and "
                + "synchronous_commit off; `pg_restore --jobs=2 --no-owner --no-acl --no-tablespaces`; `count(*)` per table; "
                + "`pg_ctl stop -m immediate` and `rm -rf`. The drill is `java -jar local/target/opsctl.jar drill --source-url ...`, "
                + "a fresh JVM each time.\n\n");
        md.append("| tuned pipeline | median s | | drill step | median s |\n|---|---:|---|---|---:|\n");
        for (int i = 0; i < DRILL_STEPS.size() + 1; i++) {
            String p = i < PIPELINE_STEPS.size() ? PIPELINE_STEPS.get(i) : "";
            String d = i < DRILL_STEPS.size() ? DRILL_STEPS.get(i) : DRILL_OUTSIDE_STEPS;
            Duration drillStep = i < DRILL_STEPS.size() ? median(drills, d)
                    : outsideSteps(drills, drillWalls);
            md.append("| ").append(p).append(" | ").append(p.isEmpty() ? "" : DrillBenchmark.secs(median(pipelines, p)))
                    .append(" | | ").append(d).append(" | ").append(DrillBenchmark.secs(drillStep)).append(" |\n");
        }
        Duration pipelineWall = median(pipelineWalls);
        Duration drillWall = median(drillWalls);
        md.append("| **wall** | **").append(DrillBenchmark.secs(pipelineWall)).append("** | | **wall** | **").append(DrillBenchmark.secs(drillWall)).append("** |\n\n");
        md.append(String.format("**Ratio drill / tuned pipeline: %.2f×** (median wall; goal ≤ 1.0×, stretch ≤ 0.8×). Per round: ",
                drillWall.toMillis() / (double) pipelineWall.toMillis()));
        for (int r = 0; r < rounds; r++) {
            md.append(String.format("%s%.2f× (%s s / %s s)", r == 0 ? "" : ", ",
                    drillWalls.get(r).toMillis() / (double) pipelineWalls.get(r).toMillis(), DrillBenchmark.secs(drillWalls.get(r)),
                    DrillBenchmark.secs(pipelineWalls.get(r))));
        }
        md.append(".\n\nInside the drill's time and not in the pipeline's: the source's identity, TLS, privileges, size and "
                + "free-space pre-flights; counts, sequences and the object inventory read in pg_dump's exported snapshot while it "
                + "runs; the roles the dump names captured and created NOLOGIN; a copy to the second region with a hash check; a TLS "
                + "certificate for the restore server; the archive's SHA-256 checked again while pg_restore runs; every check of the "
                + "report (row counts, fingerprint, sequences, large objects, routines, types, triggers, policies, extensions, views); "
                + "manifest, journal, ledger, tool logs and report files.\n");
        return md.toString();
    }

    /** What the drill's wall time holds beyond its steps: the JVM, pre-flights, the report file. */
    private static Duration outsideSteps(List<Map<String, Duration>> drills, List<Duration> walls) {
        List<Duration> outside = new ArrayList<>();
        for (int i = 0; i < drills.size(); i++) {
            outside.add(walls.get(i).minus(drills.get(i).values().stream().reduce(Duration.ZERO, Duration::plus)));
        }
        return median(outside);
    }

    private static Duration median(List<Map<String, Duration>> runs, String step) {
        return median(runs.stream().map(r -> r.getOrDefault(step, Duration.ZERO)).toList());
    }

    private static Duration median(List<Duration> values) {
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + ", " + f[1] + ", " + f[2];
    }

    /** The niceness this run had (its children inherit it): `nice -n 10` under shared load, 0 on a quiet machine. */
    private static String niceness() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return "nice " + f[16];
        } catch (IOException e) {
            return "nice unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        PgTool.run(List.of("rm", "-rf", dir.toString()), Map.of(), false, Duration.ofMinutes(5));
    }
}

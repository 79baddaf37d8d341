package com.silenttalk.automation.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold starts of the packaged functions, each run a fresh {@code java} process ({@link ColdStartChild}) that
 * builds one function through its public no-arg constructor (production wiring from the environment, SDK
 * endpoints pointed at one local WireMock, {@link ColdStartStub}) and completes its first invocation. Per row:
 * the median of N runs of wall time and its parts, peak RSS, then one more process for the warm invocation.
 * Rows run round-robin so that a busy machine slows them alike. Writes the {@code cold-start} section of
 * BENCHMARKS.md.
 * <p>Usage: ColdStartBenchmark key=value... with harness (the bench jar), aws-baseline (the all-functions jar of
 * baseline-commit, the tree before the cold-start work), aws-backup, aws-rotation (Lambda jars), azure-app (the
 * packaged function app directory), azure-worker (the worker's library jar
 * directory), work (a scratch directory), runs (default 10), out (default BENCHMARKS.md; {@code -} prints only).
 * Rows whose artifact is not given are left out; {@code only=key,key} keeps just those rows (for example
 * {@code only=aws-rotation-after,aws-rotation-canned,aws-rotation-primed aws-rotation=... out=-}).
 */
public final class ColdStartBenchmark {
    /** What template.yaml's JAVA_TOOL_OPTIONS sets for every Lambda function. */
    static final String LAMBDA_JVM = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /**
     * What the Functions host starts the Java worker's JVM with: the worker's own {@code worker.config.json}
     * arguments (azure-functions-java-worker; the app's JAVA_OPTS follow them). On the command line, because the
     * launcher refuses {@code -noverify} in JAVA_TOOL_OPTIONS.
     */
    static final List<String> AZURE_WORKER_JVM = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-noverify",
            "-Djava.net.preferIPv4Stack=true");

    private ColdStartBenchmark() {
    }

    /** @param launcherOptions JVM options on the command line, ahead of the class path */
    record Row(String key, String title, String rowClass, List<Path> classpath, String jvmOptions, Map<String, String> env,
               Path artifact, boolean cds, int warm, List<String> launcherOptions) {
        Row(String key, String title, String rowClass, List<Path> classpath, String jvmOptions, Map<String, String> env,
            Path artifact, boolean cds, int warm) {
            this(key, title, rowClass, classpath, jvmOptions, env, artifact, cds, warm, List.of());
        }
    }

    /** @param clientNanos the row's own {@code wiring}..{@code clients} marks (SDK client creation), or -1 */
    record Run(long totalNanos, long jvmNanos, long initNanos, long clientNanos, long firstNanos, long classes,
               long classLoadingMillis, long rssKb, long warmWallNanos, long warmCpuNanos) {
    }

    /** What the canned-response server saw during a row's warm run: keep-alive shows as few connections for many exchanges. */
    record Reuse(int connections, long exchanges) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int runs = Integer.parseInt(a.getOrDefault("runs", "10"));
        Path out = Path.of(a.getOrDefault("out", "BENCHMARKS.md"));
        Path work = Files.createDirectories(Path.of(a.get("work")).toAbsolutePath());
        Path harness = Path.of(a.get("harness")).toAbsolutePath();
        long started = System.nanoTime();
        try (ColdStartStub stub = new ColdStartStub(work); CannedResponseServer canned = new CannedResponseServer()) {
            List<Row> rows = rows(a, harness, stub, canned);
            if (a.containsKey("only")) {
                List<String> only = List.of(a.get("only").split(","));
                rows = rows.stream().filter(r -> only.contains(r.key())).toList();
            }
            Map<String, Path> archives = new LinkedHashMap<>();
            Map<String, List<String>> calls = new LinkedHashMap<>();
            for (Row row : rows) {
                if (row.cds()) {
                    archives.put(row.key(), archive(row, harness, work));
                }
                stub.forget();
                run(row, harness, cdsOption(row, archives), 0); // also warms the page cache
                calls.put(row.key(), stub.served());
            }
            Map<String, List<Run>> cold = new LinkedHashMap<>();
            for (int i = 0; i < runs; i++) {
                for (Row row : rows) {
                    cold.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(run(row, harness, cdsOption(row, archives), 0));
                }
            }
            Map<String, Run> warm = new LinkedHashMap<>();
            Reuse reuse = null;
            for (Row row : rows) {
                if (row.warm() > 0) {
                    int connections = canned.connections();
                    long exchanges = canned.exchanges();
                    warm.put(row.key(), run(row, harness, cdsOption(row, archives), row.warm()));
                    if (row.key().equals(CANNED)) {
                        reuse = new Reuse(canned.connections() - connections, canned.exchanges() - exchanges);
                    }
                }
            }
            String section = render(rows, runs, cold, warm, reuse, calls, archives,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            if (!out.toString().equals("-")) {
                BenchmarksFile.replaceSection(out, "cold-start", section);
            }
            System.out.println(section);
        }
    }

    /** The createSecret row whose SDK endpoint is the canned-response server instead of WireMock. */
    static final String CANNED = "aws-rotation-canned";

    static List<Row> rows(Map<String, String> a, Path harness, ColdStartStub stub, CannedResponseServer canned) throws IOException {
        Map<String, String> aws = new LinkedHashMap<>();
        aws.put("AWS_REGION", "eu-west-1");
        aws.put("AWS_ACCESS_KEY_ID", "AKIABENCHONLY000");
        aws.put("AWS_SECRET_ACCESS_KEY", "bench-secret-not-real");
        aws.put("AWS_ENDPOINT_URL", stub.httpEndpoint());
        aws.put("ST_ACCOUNT_ID", "123456789012");
        aws.put("ST_DR_REGION", "eu-central-1");
        aws.put("ST_DATABASES", "orders:instance");
        aws.put("ST_LEDGER_TABLE", "st-ledger");
        aws.put("ST_REPORT_BUCKET", "st-reports");
        String https = stub.httpsEndpoint();
        Map<String, String> azure = new LinkedHashMap<>();
        azure.put("IDENTITY_ENDPOINT", https + "/msi/token");
        azure.put("IDENTITY_HEADER", "bench-identity-header");
        azure.put("AZURE_SUBSCRIPTION_ID", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        azure.put("ST_RESOURCE_GROUP", "silenttalk-prod");
        azure.put("ST_PRIMARY_REGION", "westeurope");
        azure.put("ST_PAIRED_REGION", "northeurope");
        azure.put("ST_DATABASES", "orders");
        azure.put("ST_BACKUP_ACCOUNT", "stprimary");
        azure.put("ST_PAIRED_ACCOUNT", "stpaired");
        azure.put("ST_DRILL_ADMIN_SECRET_URI", "https://st-ops-kv.vault.azure.net/secrets/drill-admin");
        azure.put("ST_ARM_ENDPOINT", https);
        azure.put("ST_METRICS_ENDPOINT", https);
        azure.put("ST_BACKUP_BLOB_ENDPOINT", https + "/stprimary");
        azure.put("ST_BACKUP_TABLE_ENDPOINT", https + "/stprimary");
        azure.put("ST_PAIRED_BLOB_ENDPOINT", https + "/stpaired");
        String trust = "-Djavax.net.ssl.trustStore=" + stub.keystore() + " -Djavax.net.ssl.trustStorePassword="
                + ColdStartStub.STORE_PASSWORD + " -Djavax.net.ssl.trustStoreType=PKCS12";

        Map<String, String> awsCanned = new LinkedHashMap<>(aws);
        awsCanned.put("AWS_ENDPOINT_URL", canned.endpoint());
        String snapshot = AwsSnapshotSchedulerRow.class.getName();
        String create = AwsRotationCreateSecretRow.class.getName();
        String backupFn = AzureBackupSchedulerRow.class.getName();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("floor", "bare JVM (floor): main() of an empty class", null, List.of(), LAMBDA_JVM, aws, null, false, 0));
        String before = "before (the all-functions jar built from " + a.getOrDefault("baseline-commit", "the baseline") + ")";
        Path all = a.containsKey("aws-baseline") ? Path.of(a.get("aws-baseline")).toAbsolutePath() : null;
        if (all != null) {
            rows.add(new Row("aws-snapshot-before", "AWS snapshot scheduler, " + before, snapshot, List.of(all),
                    LAMBDA_JVM, aws, all, false, 30));
        }
        if (a.containsKey("aws-backup")) {
            Path backup = Path.of(a.get("aws-backup")).toAbsolutePath();
            rows.add(new Row("aws-snapshot-after", "AWS snapshot scheduler, after: its capability jar", snapshot, List.of(backup),
                    LAMBDA_JVM, aws, backup, false, 30));
            rows.add(new Row("aws-snapshot-primed", "AWS snapshot scheduler, after SnapStart priming (beforeCheckpoint in init)",
                    AwsPrimedSnapshotSchedulerRow.class.getName(), List.of(backup), LAMBDA_JVM, aws, backup, false, 0));
            rows.add(new Row("aws-snapshot-cds", "AWS snapshot scheduler, after + AppCDS archive", snapshot, List.of(backup),
                    LAMBDA_JVM, aws, backup, true, 30));
        }
        if (all != null) {
            rows.add(new Row("aws-rotation-before", "AWS rotation createSecret, " + before, create, List.of(all),
                    LAMBDA_JVM, aws, all, false, 0));
        }
        if (a.containsKey("aws-rotation")) {
            Path rotation = Path.of(a.get("aws-rotation")).toAbsolutePath();
            rows.add(new Row("aws-rotation-after", "AWS rotation createSecret, its capability jar", create, List.of(rotation),
                    LAMBDA_JVM, aws, rotation, false, 500));
            rows.add(new Row(CANNED, "AWS rotation createSecret, against the canned-response server (JDK HttpServer, no WireMock)",
                    create, List.of(rotation), LAMBDA_JVM, awsCanned, rotation, false, 500));
            rows.add(new Row("aws-rotation-primed", "AWS rotation createSecret, after SnapStart priming (beforeCheckpoint in init)",
                    AwsRotationPrimedCreateSecretRow.class.getName(), List.of(rotation), LAMBDA_JVM, aws, rotation, false, 0));
            rows.add(new Row("aws-rotation-cds", "AWS rotation createSecret, + AppCDS archive", create, List.of(rotation),
                    LAMBDA_JVM, aws, rotation, true, 0));
        }
        if (a.containsKey("azure-app")) {
            Path app = Path.of(a.get("azure-app")).toAbsolutePath();
            List<Path> azureClasspath = azureClasspath(app, Path.of(a.get("azure-worker")).toAbsolutePath());
            rows.add(new Row("azure-backup", "Azure backup scheduler, packaged app (the Java worker's JVM options)", backupFn,
                    azureClasspath, trust, azure, app, false, 30, AZURE_WORKER_JVM));
            rows.add(new Row("azure-backup-cds", "Azure backup scheduler, + AppCDS archive", backupFn, azureClasspath, trust, azure,
                    app, true, 0, AZURE_WORKER_JVM));
            rows.add(new Row("azure-backup-jvm-defaults", "Azure backup scheduler, packaged app with the JVM's defaults (not how "
                    + "the host runs it)", backupFn, azureClasspath, trust, azure, app, false, 0));
        }
        return rows;
    }

    private static List<Path> azureClasspath(Path app, Path worker) throws IOException {
        List<Path> entries = new ArrayList<>(jars(app));
        entries.addAll(jars(app.resolve("lib")));
        entries.addAll(jars(worker)); // the Java worker provides azure-functions-java-core-library (ExecutionContext)
        return entries;
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().toList();
        }
    }

    /**
     * A static AppCDS archive: one training run lists the classes it loaded (first invocation plus 20 warm), then
     * {@code -Xshare:dump} archives them for the same class path. (The dynamic {@code -XX:ArchiveClassesAtExit}
     * crashes this JDK 17.0.15 build while archiving the Azure SDK's lambda proxies.)
     */
    static Path archive(Row row, Path harness, Path work) throws IOException, InterruptedException {
        Path list = work.resolve(row.key() + ".classlist");
        Path archive = work.resolve(row.key() + ".jsa");
        Files.deleteIfExists(archive);
        run(withoutCds(row), harness, "-XX:DumpLoadedClassList=" + list, 20);
        if (anySigned(row.classpath())) {
            // CDS skips signed jars (the Azure SDK's), and a lambda proxy of a skipped class crashes this JDK's dump
            Files.write(list, Files.readAllLines(list).stream().filter(l -> !l.startsWith("@lambda-proxy")).toList());
        }
        List<String> command = new ArrayList<>(List.of(javaCommand(), "--add-exports", "java.management/sun.management=ALL-UNNAMED",
                "-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + archive,
                "-cp", classpath(row, harness)));
        Process dump = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (dump.waitFor() != 0 || !Files.exists(archive)) {
            throw new IllegalStateException("CDS dump for " + row.key() + " failed:\n" + output);
        }
        return archive;
    }

    private static boolean anySigned(List<Path> jars) throws IOException {
        for (Path jar : jars) {
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                if (file.stream().anyMatch(e -> e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath(Row row, Path harness) {
        List<Path> classpath = new ArrayList<>(row.classpath());
        classpath.add(harness);
        return classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Row withoutCds(Row row) {
        return new Row(row.key(), row.title(), row.rowClass(), row.classpath(), row.jvmOptions(), row.env(), row.artifact(),
                false, row.warm(), row.launcherOptions());
    }

    private static String cdsOption(Row row, Map<String, Path> archives) {
        return row.cds() ? "-XX:SharedArchiveFile=" + archives.get(row.key()) : "";
    }

    /** One fresh JVM: JAVA_TOOL_OPTIONS as the platform would set it, the row's artifact, then the harness jar. */
    static Run run(Row row, Path harness, String extraJvmOption, int warm) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "--add-exports", "java.management/sun.management=ALL-UNNAMED"));
        command.addAll(row.launcherOptions());
        if (!extraJvmOption.isEmpty()) {
            command.add(extraJvmOption);
        }
        command.addAll(List.of("-cp", classpath(row, harness), ColdStartChild.class.getName()));
        if (row.rowClass() != null) {
            command.add(row.rowClass());
            command.add(Integer.toString(warm));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ST_") || k.startsWith("AZURE_")
                || k.startsWith("IDENTITY_") || k.startsWith("MSI_") || k.startsWith("JAVA_") || k.startsWith("JDK_"));
        env.putAll(row.env());
        env.put("JAVA_TOOL_OPTIONS", row.jvmOptions());
        long start = System.nanoTime();
        Process process = pb.start();
        Map<String, Long> at = new HashMap<>();
        long[] classes = {-1, -1};
        long rss = -1;
        long[] warmNanos = {-1, -1};
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split(" ");
                if (line.startsWith("AT ") && f.length == 3) {
                    at.putIfAbsent(f[1], Long.parseLong(f[2]));
                } else if (line.startsWith("CLASSES ") && f.length == 3) {
                    classes[0] = Long.parseLong(f[1]);
                    classes[1] = Long.parseLong(f[2]);
                } else if (line.startsWith("RSS_PEAK_KB ")) {
                    rss = Long.parseLong(f[1]);
                } else if (line.startsWith("WARM ") && f.length == 3) {
                    warmNanos[0] = Long.parseLong(f[1]);
                    warmNanos[1] = Long.parseLong(f[2]);
                } else {
                    output.add(line);
                    if (output.size() > 40) {
                        output.remove(0); // the last lines say why it failed
                    }
                }
            }
        }
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        String last = row.rowClass() == null ? "main" : "first";
        if (!exited || process.exitValue() != 0 || !at.containsKey(last)) {
            process.destroyForcibly();
            throw new IllegalStateException(row.key() + " failed (exit " + (exited ? process.exitValue() : "timeout") + "):\n"
                    + String.join("\n", output));
        }
        long main = at.get("main");
        long end = at.get(last);
        long clients = at.containsKey("wiring") && at.containsKey("clients") ? at.get("clients") - at.get("wiring") : -1;
        return new Run(end - start, main - start, at.getOrDefault("init", main) - main, clients,
                end - at.getOrDefault("init", end), classes[0], classes[1], rss, warmNanos[0], warmNanos[1]);
    }

    static String render(List<Row> rows, int runs, Map<String, List<Run>> cold, Map<String, Run> warm, Reuse reuse,
                         Map<String, List<String>> calls, Map<String, Path> archives, long seconds) throws IOException {
        StringBuilder md = new StringBuilder("## Cold starts: AWS snapshot scheduler, AWS rotation createSecret, Azure backup scheduler\n\n");
        md.append("Harness: `bench/run-cold-start.sh` (`com.silenttalk.automation.bench.ColdStartBenchmark`): it builds the ")
                .append("artifacts, then every run is a fresh `java` process on a packaged artifact that builds the function ")
                .append("through its public no-arg constructor (the production wiring from the environment; the SDK endpoints ")
                .append("point at one WireMock on 127.0.0.1 speaking RDS Query/XML, DynamoDB JSON 1.0, Secrets Manager JSON 1.1, ")
                .append("and over HTTPS the managed identity endpoint, ARM and Table storage) and completes the first invocation. ")
                .append("Timed from process start to the invocation's return; rows run round-robin. JVM options as deployed: ")
                .append("`JAVA_TOOL_OPTIONS=").append(LAMBDA_JVM).append("` for Lambda (template.yaml); for Azure the Java ")
                .append("worker's own JVM options (its `worker.config.json`: `").append(String.join(" ", AZURE_WORKER_JVM))
                .append("`), which the Functions host puts on the worker's command line ahead of the app's `JAVA_OPTS`. ")
                .append("AppCDS rows use a static archive of the classes one training run of the same artifact loaded ")
                .append("(`-XX:DumpLoadedClassList`, first invocation plus 20 warm; then `-Xshare:dump`), read with ")
                .append("`-XX:SharedArchiveFile`. ")
                .append("SnapStart is not emulated: every row is an unrestored cold start, the priming rows included (their init runs the handler's `beforeCheckpoint`). Whole run: ").append(seconds).append(" s.\n\n");
        md.append("Machine: ").append(BenchmarksFile.machine()).append(String.format(". Load average before the report: %s.%n%n",
                loadAverage()));
        md.append("| row (median of ").append(runs).append(") | wall | JVM start | init (wiring, clients) | of which SDK clients | ")
                .append("first call | of which class loading | classes loaded | peak RSS | artifact |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            List<Run> r = cold.get(row.key());
            md.append("| ").append(row.title()).append(" | **").append(ms(median(r, Run::totalNanos))).append("** (")
                    .append(ms(Collections.min(r.stream().map(Run::totalNanos).toList()))).append("–")
                    .append(ms(Collections.max(r.stream().map(Run::totalNanos).toList()))).append(") | ")
                    .append(ms(median(r, Run::jvmNanos))).append(" | ");
            if (row.rowClass() == null) {
                md.append("– | – | – | – | – | ");
            } else {
                long clients = median(r, Run::clientNanos);
                md.append(ms(median(r, Run::initNanos))).append(" | ").append(clients < 0 ? "–" : ms(clients)).append(" | ")
                        .append(ms(median(r, Run::firstNanos))).append(" | ")
                        .append(median(r, Run::classLoadingMillis)).append(" ms | ")
                        .append(String.format("%,d", median(r, Run::classes))).append(" | ");
            }
            md.append(row.rowClass() == null ? "–" : String.format("%.0f MiB", median(r, Run::rssKb) / 1024.0)).append(" | ")
                    .append(row.artifact() == null ? "–" : size(row.artifact(), archives.get(row.key()))).append(" |\n");
        }
        md.append("\nWarm invocation (same artifact, one more process: the median wall time of N invocations after N ")
                .append("untimed ones, and the mean CPU time of the invoking thread; the loopback WireMock exchanges are inside):\n\n")
                .append("| row | warm wall (median) | CPU per invocation | N |\n|---|---:|---:|---:|\n");
        for (Row row : rows) {
            Run w = warm.get(row.key());
            if (w != null) {
                md.append(String.format("| %s | %.2f ms | %.2f ms | %d |%n", row.title(), w.warmWallNanos() / 1e6,
                        w.warmCpuNanos() / 1e6, row.warm()));
            }
        }
        if (reuse != null) {
            md.append(String.format("%nThe canned-response server accepted %d connection(s) for the %,d exchanges of that row's warm "
                    + "process (%s).%n", reuse.connections(), reuse.exchanges(), reuse.connections() <= 1
                    ? "keep-alive: the url-connection client reuses its connection" : "connections were not all reused"));
        }
        md.append("""

                How to read it, and what was done:
                - *JVM start* is process start to `main()`; *init* is the function's public no-arg constructor (settings, \
                SDK clients, adapters); *first call* is the first invocation with its HTTP exchanges; *class loading* is \
                HotSpot's own counter (`sun.cls.time`) over init and first call, so it overlaps them. Medians of each \
                column are taken separately and need not add up.
                - Class loading is most of a cold start. Building an RDS client still loads about 500 RDS model \
                classes (`-Xlog:class+load`): the generated client registers its 150 modelled exceptions (each with \
                its builder and a lambda) with the protocol factory up front, and verifying `DefaultRdsClient` loads \
                the request types of the operations it kept. An AppCDS archive maps classes in already parsed and \
                verified, which is where its gain comes from.
                - Artifacts: since the census moved into its own function, `lambda-backup.jar` (scheduler, copier, \
                pruner) carries RDS and DynamoDB only, and every `lambda-<capability>.jar` is shaded and then shrunk \
                by ProGuard to the classes and methods its handlers reach (no optimisation, no renaming): 21.8 MB \
                became 8.8 MB. Shrinking cuts the artifact far more than the loaded classes, since the JVM never \
                loaded what was removed; the rotation function loads fewer classes because its secret values are \
                read with Jackson's streaming layer and the ElastiCache client is built only for a Redis secret.
                - The AppCDS archive is measured here, not shipped: an archive only loads in the JVM build that wrote \
                it (Lambda's java21 is not this build's JDK 17), and Lambda unpacks the jar into `/var/task`, while CDS \
                archives classes from jar files on an identical class path. On Lambda, SnapStart (on in template.yaml) \
                restores an already initialised JVM instead, and each handler's `beforeCheckpoint` primes it by \
                running one whole invocation offline on the SDK's `CannedResponseHttpClient` (no socket, no credential \
                source): the *after SnapStart priming* rows time the first call such a restored function makes (the \
                restore itself is Lambda's and is not measured here).
                - Azure: the SDK's jars are signed upstream; `mvn package` strips the signatures from the app's `lib/` \
                (`functions-azure/src/build/StripJarSignatures.java`), so the JVM no longer digest-checks every SDK \
                class it loads and AppCDS can archive them. The worker's `-noverify` skips bytecode verification, \
                which also spares loading the classes verification would resolve. The managed identity credential \
                goes through MSAL4J (about 100 classes).
                - The client-side RDS limit is 12 requests in any one-second window, so the scheduler's few calls \
                are no longer paced 83 ms apart (they were, with a strictly paced limiter, before this run: warm \
                wall 250 ms); a warm call that runs into the limit still waits, by design.
                """);
        md.append("\nCalls one first invocation made (as WireMock saw them):\n\n");
        for (Row row : rows) {
            if (row.rowClass() != null && !row.key().endsWith("-before") && !row.cds() && !row.key().equals(CANNED)) {
                md.append("- ").append(row.title()).append(": ").append(String.join(", ", calls.get(row.key()))).append("\n");
            }
        }
        return md.toString();
    }

    private static String size(Path artifact, Path archive) throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(artifact)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        String text = String.format("%s %.1f MB", artifact.getFileName(), bytes / 1e6);
        return archive == null ? text : text + String.format(" + %.1f MB archive", Files.size(archive) / 1e6);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long median(List<Run> runs, ToLongFunction<Run> field) {
        List<Long> values = new ArrayList<>(runs.stream().map(field::applyAsLong).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static String ms(long nanos) {
        return Math.round(nanos / 1e6) + " ms";
    }
}

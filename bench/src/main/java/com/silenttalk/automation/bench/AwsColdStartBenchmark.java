package com.silenttalk.automation.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cold start of the snapshot-scheduler Lambda handler, measured with the packaged artifact:
 * a fresh JVM per run that initialises the handler and completes its first invocation
 * against a stub speaking the RDS Query and DynamoDB JSON protocols on 127.0.0.1, timed
 * from process start to the invocation's return. Also the bare JVM floor with the same
 * classpath, and the CPU time of a warm invocation.
 * <p>Usage: AwsColdStartBenchmark LAMBDA_JAR HARNESS_CLASSES [runs=10] [BENCHMARKS.md]
 */
public final class AwsColdStartBenchmark {
    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

    private AwsColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path harness = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path out = Path.of(args.length > 3 ? args[3] : "BENCHMARKS.md");
        AtomicLong requests = new AtomicLong();
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        stub.createContext("/", exchange -> answer(exchange, requests));
        stub.start();
        try {
            String endpoint = "http://127.0.0.1:" + stub.getAddress().getPort();
            String classpath = jar.toAbsolutePath() + java.io.File.pathSeparator + harness.toAbsolutePath();
            runChild(classpath, endpoint, "BareJvm", List.of()); // warm the page cache for both
            runChild(classpath, endpoint, "AwsColdStartChild", List.of());
            List<Long> floor = new ArrayList<>();
            List<Long> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                floor.add(runChild(classpath, endpoint, "BareJvm", List.of()).millis());
                cold.add(runChild(classpath, endpoint, "AwsColdStartChild", List.of()).millis());
            }
            Run warm = runChild(classpath, endpoint, "AwsColdStartChild", List.of("500"));
            String section = render(jar, runs, floor, cold, warm.warmCpuNanos(), requests.get());
            BenchmarksFile.replaceSection(out, "aws-cold-start", section);
            System.out.println(section);
        } finally {
            stub.stop(0);
        }
    }

    record Run(long millis, long warmCpuNanos) {
    }

    private static Run runChild(String classpath, String endpoint, String main, List<String> args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "com.silenttalk.automation.bench." + main));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ST_"));
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIABENCHONLY000");
        env.put("AWS_SECRET_ACCESS_KEY", "bench-secret-not-real");
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("ST_ACCOUNT_ID", "123456789012");
        env.put("ST_DR_REGION", "eu-central-1");
        env.put("ST_DATABASES", "orders:instance");
        env.put("ST_LEDGER_TABLE", "st-ledger");
        env.put("ST_REPORT_BUCKET", "st-reports");
        long start = System.nanoTime();
        Process process = pb.start();
        long firstDone = -1;
        long warmCpu = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("FIRST_DONE") && firstDone < 0) {
                    firstDone = System.nanoTime();
                } else if (line.startsWith("WARM_CPU_NANOS ")) {
                    warmCpu = Long.parseLong(line.substring("WARM_CPU_NANOS ".length()));
                } else if (output.size() < 20) {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || firstDone < 0) {
            process.destroyForcibly();
            throw new IllegalStateException(main + " failed (exit " + (process.isAlive() ? "timeout" : process.exitValue())
                    + "):\n" + String.join("\n", output));
        }
        return new Run(TimeUnit.NANOSECONDS.toMillis(firstDone - start), warmCpu);
    }

    /** RDS Query (form body with Action) answered with documented XML shapes; DynamoDB JSON answered with {}. */
    private static void answer(HttpExchange exchange, AtomicLong requests) throws IOException {
        requests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        byte[] reply;
        String type;
        if (target != null) {
            reply = "{}".getBytes(StandardCharsets.UTF_8);
            type = "application/x-amz-json-1.0";
        } else {
            String action = "";
            for (String pair : body.split("&")) {
                if (pair.startsWith("Action=")) {
                    action = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                }
            }
            String result = switch (action) {
                case "DescribeDBSnapshots" -> "<DBSnapshots/>";
                case "DescribeDBClusterSnapshots" -> "<DBClusterSnapshots/>";
                case "CreateDBSnapshot" -> "<DBSnapshot><DBSnapshotIdentifier>st-auto-orders-bench</DBSnapshotIdentifier>"
                        + "<DBInstanceIdentifier>orders</DBInstanceIdentifier><Status>creating</Status>"
                        + "<SnapshotType>manual</SnapshotType><TagList><Tag><Key>silenttalk:created-by</Key>"
                        + "<Value>ops-automation</Value></Tag></TagList></DBSnapshot>";
                default -> "";
            };
            reply = ("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
                    + "Result><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></" + action + "Response>")
                    .getBytes(StandardCharsets.UTF_8);
            type = "text/xml";
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, reply.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(reply);
        }
    }

    private static String render(Path jar, int runs, List<Long> floor, List<Long> cold, long warmCpuNanos, long requests)
            throws IOException {
        StringBuilder md = new StringBuilder("## AWS Lambda cold start (snapshot scheduler)\n\n");
        md.append("Harness: `bench/run-aws-cold-start.sh` (`com.silenttalk.automation.bench.AwsColdStartBenchmark`). ")
                .append("Each run is a fresh JVM (`-XX:TieredStopAtLevel=1`, as template.yaml sets) on the packaged artifact: ")
                .append("the handler's public no-arg constructor builds the production wiring from the environment, then the ")
                .append("first invocation completes against a stub on 127.0.0.1 that speaks the RDS Query and DynamoDB JSON ")
                .append("protocols (quota pre-flight, CreateDBSnapshot, four ledger writes). Timed from process start to the ")
                .append("invocation's return. No SnapStart here: this is the unrestored cold start.\n\n");
        md.append("Machine: ").append(BenchmarksFile.machine()).append(".\n\n");
        md.append("| measure | median of ").append(runs).append(" | min | max |\n|---|---:|---:|---:|\n");
        md.append(row("bare JVM, same classpath (floor)", floor));
        md.append(row("init + first invocation", cold));
        md.append(String.format("%n**Cold start minus floor: %d ms** (goal: ≤ 400 ms total on this machine; measured %d ms). ",
                median(cold) - median(floor), median(cold)));
        md.append(String.format("Warm invocation: %.2f ms CPU on the invoking thread (500 invocations after 50 warm-up), ",
                warmCpuNanos / 1e6));
        md.append("which includes the SDK's marshalling, signing and the loopback HTTP exchanges, not only our code. ");
        md.append(String.format("Artifact `%s`: %.1f MB (goal ≤ 10 MB: not met; one artifact serves every AWS function, and the AWS SDK service modules it bundles are most of it). ",
                jar.getFileName(), Files.size(jar) / 1e6));
        md.append(String.format("Stub requests served: %,d.%n", requests));
        return md.toString();
    }

    private static String row(String name, List<Long> millis) {
        return "| " + name + " | " + median(millis) + " ms | " + Collections.min(millis) + " ms | " + Collections.max(millis) + " ms |\n";
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

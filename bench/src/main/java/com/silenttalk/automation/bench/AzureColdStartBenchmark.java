package com.silenttalk.automation.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Cold start of the Azure backup scheduler function on the packaged app
 * ({@code target/azure-functions/<app>/}: the function jar and {@code lib/}): a fresh JVM per
 * run that builds the function through its no-arg constructor and completes its first timer
 * invocation against an HTTPS stub on 127.0.0.1 standing in for the App Service managed
 * identity endpoint, ARM (GET then PUT of the on-demand backup) and Table storage (ledger
 * insert and update). Timed from process start to the invocation's return; the Functions
 * host and Java worker start-up are not included. Also the bare JVM floor.
 * <p>Usage: AzureColdStartBenchmark APP_DIR HARNESS_CLASSES [runs=10] [BENCHMARKS.md]
 */
public final class AzureColdStartBenchmark {
    private AzureColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path app = Path.of(args[0]);
        Path harness = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path out = Path.of(args.length > 3 ? args[3] : "BENCHMARKS.md");
        Path work = Files.createTempDirectory("azure-cold-start");
        Path keystore = work.resolve("stub.p12");
        keytool(keystore);
        AtomicLong requests = new AtomicLong();
        HttpsServer stub = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        stub.setHttpsConfigurator(new HttpsConfigurator(sslContext(keystore)));
        stub.createContext("/", exchange -> answer(exchange, requests));
        stub.start();
        try {
            String endpoint = "https://127.0.0.1:" + stub.getAddress().getPort();
            String classpath = classpath(app, harness);
            runChild(classpath, endpoint, keystore, "BareJvm"); // warm the page cache for both
            runChild(classpath, endpoint, keystore, "AzureColdStartChild");
            List<Long> floor = new ArrayList<>();
            List<Long> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                floor.add(runChild(classpath, endpoint, keystore, "BareJvm"));
                cold.add(runChild(classpath, endpoint, keystore, "AzureColdStartChild"));
            }
            String section = render(app, runs, floor, cold, requests.get());
            BenchmarksFile.replaceSection(out, "azure-cold-start", section);
            System.out.println(section);
        } finally {
            stub.stop(0);
        }
    }

    private static String classpath(Path app, Path harness) throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(app)) {
            jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> entries.add(p.toAbsolutePath().toString()));
        }
        try (Stream<Path> jars = Files.list(app.resolve("lib"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toAbsolutePath().toString()));
        }
        // the Java worker provides azure-functions-java-core-library (ExecutionContext); the script copies it here
        Path worker = harness.toAbsolutePath().getParent().resolve("worker");
        if (Files.isDirectory(worker)) {
            try (Stream<Path> jars = Files.list(worker)) {
                jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> entries.add(p.toAbsolutePath().toString()));
            }
        }
        entries.add(harness.toAbsolutePath().toString());
        return String.join(File.pathSeparator, entries);
    }

    /** A throwaway self-signed certificate for 127.0.0.1; the child trusts it through the same file. */
    private static void keytool(Path keystore) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "stub", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "benchpass", "-keypass", "benchpass")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    private static SSLContext sslContext(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "benchpass".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "benchpass".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static long runChild(String classpath, String endpoint, Path keystore, String main)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Djavax.net.ssl.trustStore=" + keystore,
                "-Djavax.net.ssl.trustStorePassword=benchpass", "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", classpath, "com.silenttalk.automation.bench." + main);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("ST_") || k.startsWith("IDENTITY_")
                || k.startsWith("MSI_"));
        env.put("IDENTITY_ENDPOINT", endpoint + "/msi/token");
        env.put("IDENTITY_HEADER", "bench-identity-header");
        env.put("AZURE_SUBSCRIPTION_ID", "ffffffff-ffff-ffff-ffff-ffffffffffff");
        env.put("ST_RESOURCE_GROUP", "silenttalk-prod");
        env.put("ST_PRIMARY_REGION", "westeurope");
        env.put("ST_PAIRED_REGION", "northeurope");
        env.put("ST_DATABASES", "orders");
        env.put("ST_BACKUP_ACCOUNT", "stprimary");
        env.put("ST_PAIRED_ACCOUNT", "stpaired");
        env.put("ST_DRILL_ADMIN_SECRET_URI", "https://st-ops-kv.vault.azure.net/secrets/drill-admin");
        env.put("ST_ARM_ENDPOINT", endpoint);
        env.put("ST_BACKUP_BLOB_ENDPOINT", endpoint + "/stprimary");
        env.put("ST_BACKUP_TABLE_ENDPOINT", endpoint + "/stprimary");
        env.put("ST_PAIRED_BLOB_ENDPOINT", endpoint + "/stpaired");
        long start = System.nanoTime();
        Process process = pb.start();
        long firstDone = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("FIRST_DONE") && firstDone < 0) {
                    firstDone = System.nanoTime();
                } else if (output.size() < 40) {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || firstDone < 0) {
            process.destroyForcibly();
            throw new IllegalStateException(main + " failed (exit " + (process.isAlive() ? "timeout" : process.exitValue())
                    + "):\n" + String.join("\n", output));
        }
        return TimeUnit.NANOSECONDS.toMillis(firstDone - start);
    }

    /** The App Service identity endpoint, ARM's documented backup bodies, and Table storage's insert/upsert answers. */
    private static void answer(HttpExchange exchange, AtomicLong requests) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (path.startsWith("/msi/token")) {
            status = 200;
            body = "{\"access_token\":\"bench-token\",\"expires_on\":\"" + (System.currentTimeMillis() / 1000 + 3600)
                    + "\",\"resource\":\"https://management.azure.com/\",\"token_type\":\"Bearer\"}";
        } else if (path.contains("/backups/") && method.equals("GET")) {
            status = 404;
            body = "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The requested backup was not found.\"}}";
        } else if (path.contains("/backups/") && method.equals("PUT")) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            status = 200;
            body = "{\"properties\":{\"backupType\":\"Customer On-Demand\",\"source\":\"Customer Initiated\","
                    + "\"completedTime\":\"2026-03-01T06:00:40+00:00\"},\"id\":\"" + path + "\",\"name\":\"" + name
                    + "\",\"type\":\"Microsoft.DBforPostgreSQL/flexibleServers/backups\"}";
        } else if (path.startsWith("/stprimary")) {
            status = 204; // Insert Entity with Prefer: return-no-content, and Update Entity
            body = "";
        } else {
            status = 404;
            body = "{\"error\":{\"code\":\"NotStubbed\",\"message\":\"" + method + " " + path + "\"}}";
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-ms-request-id", "bench");
        byte[] reply = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(reply);
        }
    }

    private static String render(Path app, int runs, List<Long> floor, List<Long> cold, long requests) throws IOException {
        long size;
        try (Stream<Path> files = Files.walk(app)) {
            size = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        StringBuilder md = new StringBuilder("## Azure Functions cold start (backup scheduler)\n\n");
        md.append("Harness: `bench/run-azure-cold-start.sh` (`com.silenttalk.automation.bench.AzureColdStartBenchmark`). ")
                .append("Each run is a fresh JVM (default flags) on the packaged app's jars: the function's public no-arg ")
                .append("constructor builds the production wiring (settings from the environment, the managed identity ")
                .append("through the App Service identity endpoint, the SDK clients), then the first timer invocation ")
                .append("completes against an HTTPS stub on 127.0.0.1 (identity token, ARM GET and PUT of the on-demand ")
                .append("backup, Table ledger insert and update). Timed from process start to the invocation's return; ")
                .append("the Functions host and the Java worker's own start-up are not included.\n\n");
        md.append("Machine: ").append(BenchmarksFile.machine()).append(".\n\n");
        md.append("| measure | median of ").append(runs).append(" | min | max |\n|---|---:|---:|---:|\n");
        md.append(row("bare JVM, same classpath (floor)", floor));
        md.append(row("init + first invocation", cold));
        md.append(String.format("%n**Cold start minus floor: %d ms** (goal: ≤ 400 ms total on this machine; measured %d ms). ",
                median(cold) - median(floor), median(cold)));
        md.append(String.format("Packaged app `%s`: %.1f MB (function jar and lib/). ", app.getFileName(), size / 1e6));
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

package com.silenttalk.automation.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.aws.failover.FailoverStepHandlerTest;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.FixtureDamage.Kind;
import com.silenttalk.automation.local.invoke.AzureInvokeCommandTest;
import com.silenttalk.automation.local.invoke.InvokeCommandTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every entry that reads input (each AWS and Azure function through {@code opsctl invoke}, {@code
 * alert route}, {@code scale}, the configuration and the routing rules), fed generated damage to
 * its real fixtures ({@link FixtureDamage}). Whatever the damage, opsctl either accepts the input
 * (exit 0, as a valid event would be) or refuses it with exit 2 and one clean line, and never: a
 * stack trace, exit 70 or 3, a second line, raw control or bidi characters, a file written, a
 * connection opened, a byte on the JVM's own stdout or stderr. A refused event is also run for real
 * (not dry) for a quarter of the cases: it must be refused the same way before any call is made.
 *
 * <p>Over 2,000 cases per run (the tries below); the seed is random and jqwik prints it, with the
 * case, on failure: rerun with {@code @Property(seed = "...")} to replay exactly.
 */
class BadInputFuzzTest {
    static final Path AWS_EVENTS = Path.of("..", "functions-aws", "src", "test", "resources", "events").toAbsolutePath().normalize();
    static final Path AZURE_EVENTS = Path.of("..", "functions-azure", "src", "test", "resources", "events").toAbsolutePath().normalize();
    static final Path ALERT_EVENTS = Path.of("..", "alert-channels", "src", "test", "resources", "events").toAbsolutePath().normalize();
    static final Path EXAMPLE_CONFIG = Path.of("..", "opsctl.example.yaml").toAbsolutePath().normalize();
    static final Path DEFAULT_RULES = Path.of("..", "alert-channels", "src", "main", "resources", "alerting", "default-rules.yaml")
            .toAbsolutePath().normalize();
    /** `opsctl snapshot --all`'s configuration: source.url and two further sources (nothing listens on their port). */
    static final Path SNAPSHOT_ALL_CONFIG = Path.of("src", "test", "resources", "fuzz", "snapshot-all.yaml").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    /** Counts every connection to the one endpoint all clients are pointed at; a refused input must open none. */
    static ServerSocket listener;
    static final AtomicInteger CONNECTIONS = new AtomicInteger();
    static String previousEndpoint;

    /** One way in: the command line before the input file, the fixture it damages, the environment. */
    record Entry(String name, List<String> args, Path fixture, Map<String, String> env, Format format, boolean realRun) {
        @Override
        public String toString() {
            return name + " <- " + fixture.getFileName();
        }
    }

    enum Format { JSON, YAML }

    record Case(Entry entry, Kind kind, long seed) {
        String input() throws IOException {
            String fixture = Files.readString(entry.fixture());
            Random random = new Random(seed);
            return entry.format() == Format.JSON ? FixtureDamage.json(fixture, kind, random) : FixtureDamage.yaml(fixture, kind, random);
        }

        @Override
        public String toString() {
            return entry + " / " + kind + " / damage seed " + seed;
        }
    }

    @BeforeContainer
    static void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    CONNECTIONS.incrementAndGet();
                    // a final answer, so a client that does call (a dry-run's bug, not this test's subject) fails fast
                    s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fuzz-connection-counter");
        accept.setDaemon(true);
        accept.start();
        // the AWS SDK takes its endpoint from here (or AWS_ENDPOINT_URL), not from opsctl's environment map
        previousEndpoint = System.setProperty("aws.endpointUrl", endpoint());
    }

    @AfterContainer
    static void stopListening() throws IOException {
        if (previousEndpoint == null) {
            System.clearProperty("aws.endpointUrl");
        } else {
            System.setProperty("aws.endpointUrl", previousEndpoint);
        }
        listener.close();
    }

    static String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Without this the fuzz could pass by refusing everything: every entry accepts its intact fixture. */
    @Example
    void everyEntry_whenItsFixtureIsIntact_acceptsIt() throws Exception {
        List<Entry> all = new ArrayList<>(awsEntries());
        all.addAll(azureEntries());
        all.addAll(alertEntries());
        all.addAll(fileEntries());
        List<String> refused = new ArrayList<>();
        for (Entry entry : all) {
            Path work = Files.createTempDirectory("opsctl-fuzz");
            try {
                Path input = Files.copy(entry.fixture(), work.resolve(entry.format() == Format.JSON ? "event.json" : "input.yaml"));

                Outcome outcome = run(work, entry, input, true);

                outcome.assertClean(entry.toString());
                if (outcome.run().exitCode() != ExitCode.OK) {
                    refused.add(entry + ": " + outcome.run().stderr().strip());
                }
            } finally {
                LocalFiles.deleteTree(work);
            }
        }
        assertThat(refused).as("entries that refuse their intact fixture").isEmpty();
    }

    @Property(tries = 800)
    void invokeAws_whenTheEventIsDamaged_acceptsOrRefusesInOneLineAndTouchesNothing(@ForAll("awsCases") Case c) throws Exception {
        check(c);
    }

    @Property(tries = 800)
    void invokeAzure_whenTheEventIsDamaged_acceptsOrRefusesInOneLineAndTouchesNothing(@ForAll("azureCases") Case c) throws Exception {
        check(c);
    }

    @Property(tries = 250)
    void alertRouteAndScale_whenTheEventIsDamaged_acceptOrRefuseInOneLineAndTouchNothing(@ForAll("alertCases") Case c) throws Exception {
        check(c);
    }

    @Property(tries = 250)
    void configAndRules_whenDamaged_areAcceptedOrRefusedInOneLineAndTouchNothing(@ForAll("fileCases") Case c) throws Exception {
        check(c);
    }

    /**
     * {@code snapshot --all --parallel N} with N out of range, not a number, or any text: the dry run and the real run
     * refuse it with the same one line naming --parallel, write nothing and connect to nothing; what is accepted is a
     * number from 1 to 16. (Damaged sources are the file cases' {@code snapshot --all} entry.)
     */
    @Property(tries = 120)
    void snapshotAll_whenParallelIsOutOfRangeOrNotANumber_refusesAlikeInDryAndRealRunAndTouchesNothing(
            @ForAll("parallelValues") String parallel) throws Exception {
        Entry entry = snapshotAll(parallel);
        String label = entry + " --parallel " + UntrustedText.quoted(parallel);
        Path work = Files.createTempDirectory("opsctl-fuzz");
        try {
            Path input = Files.copy(entry.fixture(), work.resolve("input.yaml"));
            Map<String, String> before = tree(work);
            int connections = CONNECTIONS.get();

            Outcome dry = run(work, entry, input, true);

            dry.assertClean(label);
            assertThat(tree(work)).as("files after %s", label).isEqualTo(before);
            if (dry.run().exitCode() == ExitCode.BAD_INPUT) {
                assertThat(dry.refusal()).as(label).startsWith("opsctl: bad input: --parallel: ");
                Outcome real = run(work, entry, input, false);

                assertThat(real.run().exitCode()).as("the real run of %s\n%s", label, real).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(real.refusal()).as("the real run of %s", label).isEqualTo(dry.refusal());
                assertThat(tree(work)).as("files after the real run of %s", label).isEqualTo(before);
            } else {
                assertThat(Integer.parseInt(parallel.strip())).as("accepted %s", label).isBetween(1, 16);
            }
            assertThat(CONNECTIONS.get()).as("connections opened by %s", label).isEqualTo(connections);
        } finally {
            LocalFiles.deleteTree(work);
        }
    }

    @Provide
    Arbitrary<String> parallelValues() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-100_000, 0).map(String::valueOf),
                Arbitraries.integers().between(17, Integer.MAX_VALUE).map(String::valueOf),
                Arbitraries.longs().greaterOrEqual(Integer.MAX_VALUE + 1L).map(String::valueOf),
                Combinators.combine(Arbitraries.integers().between(1, 16), Arbitraries.of(".0", "e0", "x", "\u0000", "\u202e", " 1"))
                        .as((n, tail) -> n + tail),
                Arbitraries.strings().ofMaxLength(12).filter(text -> !text.startsWith("-")),
                Arbitraries.of("", " ", "1.5", "0x10", "\u0663", "-0", "NaN", "16.", "99999999999999999999"));
    }

    static Entry snapshotAll(String parallel) {
        return new Entry("snapshot --all", List.of("--config", "INPUT", "snapshot", "--all", "--parallel", parallel), SNAPSHOT_ALL_CONFIG,
                Map.of(), Format.YAML, true);
    }

    @Provide
    Arbitrary<Case> awsCases() {
        return cases(awsEntries());
    }

    @Provide
    Arbitrary<Case> azureCases() {
        return cases(azureEntries());
    }

    @Provide
    Arbitrary<Case> alertCases() {
        return cases(alertEntries());
    }

    @Provide
    Arbitrary<Case> fileCases() {
        return cases(fileEntries());
    }

    static Arbitrary<Case> cases(List<Entry> entries) {
        return Combinators.combine(Arbitraries.of(entries), Arbitraries.of(Kind.values()), Arbitraries.longs()).as(Case::new);
    }

    void check(Case c) throws Exception {
        Path work = Files.createTempDirectory("opsctl-fuzz");
        try {
            Path input = work.resolve(c.entry().format() == Format.JSON ? "event.json" : "input.yaml");
            Files.write(input, utf8(c.input()));
            Map<String, String> before = tree(work);
            int connections = CONNECTIONS.get();

            Outcome dry = run(work, c.entry(), input, true);

            dry.assertClean(c.toString());
            assertThat(tree(work)).as("files after %s", c).isEqualTo(before);
            if (dry.run().exitCode() == ExitCode.BAD_INPUT && c.entry().realRun() && c.seed() % 4 == 0) {
                Outcome real = run(work, c.entry(), input, false);

                assertThat(real.run().exitCode()).as("the real run of %s\n%s", c, real).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(real.refusal()).as("the real run of %s", c).isEqualTo(dry.refusal());
                assertThat(tree(work)).as("files after the real run of %s", c).isEqualTo(before);
            }
            assertThat(CONNECTIONS.get()).as("connections opened by %s", c).isEqualTo(connections);
        } finally {
            LocalFiles.deleteTree(work);
        }
    }

    /** What opsctl printed, and what reached the JVM's own streams (a library writing behind opsctl's back). */
    record Outcome(OpsctlRun run, String systemOut, String systemErr, boolean dryRun) {
        String refusal() {
            List<String> lines = run.stderr().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        void assertClean(String label) {
            String as = label + "\n" + this;
            assertThat(run.exitCode()).as(as).isIn(ExitCode.OK, ExitCode.BAD_INPUT);
            assertThat(systemErr).as(as).isEmpty();
            assertThat(run.stderr() + run.stdout() + systemOut).as(as).doesNotContain("\tat ", "Caused by:", "internal error");
            assertThat(run.stderr()).as(as).matches(BadInputFuzzTest::noRawControlCharacters);
            if (run.exitCode() == ExitCode.BAD_INPUT) {
                assertThat(run.stderr().lines().toList()).as(as).singleElement().asString()
                        .startsWith("opsctl: bad input: ").hasSizeLessThan(1_600);
                assertThat(run.stdout()).as(as).isEmpty();
            } else {
                assertThat(run.stderr().lines()).as(as).allMatch(l -> l.startsWith("["));
                assertThat(run.stdout().lines()).as(as).allMatch(BadInputFuzzTest::isJson);
            }
            // a function's own log lines are JSON on stdout; on a refusal in a dry-run there are none
            if (dryRun && run.exitCode() == ExitCode.BAD_INPUT) {
                assertThat(systemOut).as(as).isEmpty();
            } else {
                assertThat(systemOut.lines()).as(as).allMatch(BadInputFuzzTest::isJson);
            }
        }

        @Override
        public String toString() {
            return run + "\n--- System.out\n" + cut(systemOut) + "\n--- System.err\n" + cut(systemErr);
        }
    }

    static Outcome run(Path work, Entry entry, Path input, boolean dryRun) {
        List<String> args = new ArrayList<>(entry.args());
        args.replaceAll(a -> a.equals("INPUT") ? input.toString() : a);
        if (dryRun) {
            args.add("--dry-run");
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            OpsctlRun run = OpsctlRun.in(work, entry.env(), args.toArray(String[]::new));
            return new Outcome(run, systemOut.toString(StandardCharsets.UTF_8), systemErr.toString(StandardCharsets.UTF_8), dryRun);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Nothing a terminal could act on: what UntrustedText would escape is already escaped. */
    static boolean noRawControlCharacters(String text) {
        return text.lines().allMatch(line -> UntrustedText.escaped(line).equals(line));
    }

    /** UTF-8, except that a lone surrogate becomes the bytes a broken encoder writes for it (invalid UTF-8, as a sender may send). */
    static byte[] utf8(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (Character.isSurrogate(c) && !pair) {
                out.write(0xED);
                out.write(0xA0 | ((c >> 6) & 0x0F));
                out.write(0x80 | (c & 0x3F));
            } else {
                String unit = pair ? text.substring(i, i + 2) : String.valueOf(c);
                out.writeBytes(unit.getBytes(StandardCharsets.UTF_8));
                i += pair ? 1 : 0;
            }
        }
        return out.toByteArray();
    }

    static boolean isJson(String line) {
        try {
            return JSON.readTree(line) != null && noRawControlCharacters(line);
        } catch (IOException e) {
            return false;
        }
    }

    static String cut(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + (text.length() - 2000) + " more)";
    }

    /** Every file below the directory with its size and modification time. */
    static Map<String, String> tree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            Map<String, String> files = new TreeMap<>();
            walk.forEach(p -> {
                try {
                    files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                            : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Entry aws(String function, String fixture, Map<String, String> env) {
        return aws(function, AWS_EVENTS.resolve(fixture), env);
    }

    static Entry aws(String function, Path fixture, Map<String, String> env) {
        return new Entry("invoke aws " + function, List.of("invoke", "--cloud", "aws", "--function", function, "--event", "INPUT"),
                fixture, env, Format.JSON, true);
    }

    static Entry azure(String function, Path fixture, Map<String, String> env) {
        return new Entry("invoke azure " + function, List.of("invoke", "--cloud", "azure", "--function", function, "--event", "INPUT"),
                fixture, env, Format.JSON, true);
    }

    static List<Entry> awsEntries() {
        Map<String, String> env = awsEnvironment();
        return List.of(
                aws("snapshot-census", "eventbridge/scheduled-event.json", env),
                aws("snapshot-census-branch", AWS_EVENTS.resolveSibling("branches").resolve("snapshot-branch.json"), env),
                aws("snapshot-branch", AWS_EVENTS.resolveSibling("branches").resolve("snapshot-branch.json"), env),
                aws("snapshot-scheduler", "lambda/census-destination-success.json", env),
                aws("snapshot-scheduler", "eventbridge/scheduled-event.json", env),
                aws("snapshot-copier", "rds/db-snapshot-created.json", env),
                aws("snapshot-copier", "rds/db-cluster-snapshot-created.json", env),
                aws("snapshot-copier", "eventbridge/scheduled-event.json", env),
                aws("retention-pruner", "eventbridge/scheduled-event-prune-dry-run.json", env),
                aws("drill-step", "stepfunctions/drill-start.json", env),
                aws("drill-step", "stepfunctions/drill-start-cluster.json", env),
                aws("secret-rotation", "secretsmanager/create-secret.json", env),
                aws("secret-rotation", "secretsmanager/finish-secret.json", env),
                aws("alarm-notifier", ALERT_EVENTS.resolve("cloudwatch/alarm-state-change-metric.json"), env),
                aws("alarm-notifier", ALERT_EVENTS.resolve("sns/lambda-sns-alarm.json"), env),
                aws("failover-step", "cloudwatch/failover-composite-alarm.json", env),
                aws("failover-step", "stepfunctions/failover-approve.json", env),
                aws("failover-step", "stepfunctions/failover-force.json", env));
    }

    static List<Entry> azureEntries() {
        Map<String, String> env = azureSettings();
        return List.of(
                azure("backup-scheduler", AZURE_EVENTS.resolve("timer/six-hourly.json"), env),
                azure("backup-copier", withContainer(AZURE_EVENTS.resolve("eventgrid/blob-created-manifest.json")), env),
                azure("retention-pruner", AZURE_EVENTS.resolve("timer/six-hourly.json"), env),
                azure("drill-http-start", AZURE_EVENTS.resolve("http/drill-start.json"), env),
                azure("drill-monthly-start", AZURE_EVENTS.resolve("timer/six-hourly.json"), env),
                azure("alert-webhook", ALERT_EVENTS.resolve("azure-monitor/metric-alert-fired.json"), env),
                azure("secret-near-expiry", AZURE_EVENTS.resolve("eventgrid/secret-near-expiry.json"), env),
                azure("secret-near-expiry", AZURE_EVENTS.resolve("eventgrid/secret-near-expiry-batch.json"), env),
                azure("secret-rotate-http", AZURE_EVENTS.resolve("http/rotation-request.json"), env),
                azure("failover-alert", AZURE_EVENTS.resolve("azure-monitor/failover-pg-alive-fired.json"), env),
                azure("failover-alert", AZURE_EVENTS.resolve("http/failover-alert-forced.json"), env),
                azure("failover-approve", AZURE_EVENTS.resolve("http/failover-approve.json"), env),
                azure("failover-orchestration", AZURE_EVENTS.resolve("durable/failover-begin-input.json"), env));
    }

    /** The Event Grid fixture names its container CONTAINER; the function expects the default, "backups". */
    static Path withContainer(Path fixture) {
        try {
            Path copy = Files.createTempFile("blob-created-manifest", ".json");
            copy.toFile().deleteOnExit();
            return Files.writeString(copy, Files.readString(fixture).replace("CONTAINER", "backups"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> alertEntries() {
        List<Entry> entries = new ArrayList<>();
        for (String fixture : List.of("cloudwatch/alarm-state-change-metric.json", "cloudwatch/alarm-state-change-composite.json",
                "sns/lambda-sns-alarm.json", "sns/http-notification-alarm-ok.json", "azure-monitor/metric-alert-fired.json",
                "azure-monitor/log-search-alert-fired.json")) {
            entries.add(new Entry("alert route", List.of("alert", "route", "--event", "INPUT"), ALERT_EVENTS.resolve(fixture), Map.of(),
                    Format.JSON, false));
        }
        for (String fixture : List.of("cloudwatch/alarm-state-change-metric.json", "azure-monitor/metric-alert-fired.json")) {
            entries.add(new Entry("scale", List.of("scale", "--event", "INPUT"), ALERT_EVENTS.resolve(fixture), Map.of(),
                    Format.JSON, false));
        }
        return entries;
    }

    static List<Entry> fileEntries() {
        return List.of(
                new Entry("--config", List.of("--config", "INPUT", "prune"), EXAMPLE_CONFIG, Map.of(), Format.YAML, false),
                // damaged sources (an unknown key, a bad url or label, a source given twice) refused before any connection
                snapshotAll("2"),
                new Entry("alert route --rules", List.of("alert", "route", "--rules", "INPUT", "--event",
                        ALERT_EVENTS.resolve("cloudwatch/alarm-state-change-metric.json").toString()), DEFAULT_RULES, Map.of(),
                        Format.YAML, false));
    }

    /** What template.yaml sets (the invoke tests' and the failover function's own), with keys for the SDK. */
    static Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>(FailoverStepHandlerTest.environment("APPROVAL_REQUIRED"));
        env.putAll(InvokeCommandTest.functionEnvironment());
        env.put("AWS_ACCESS_KEY_ID", "AKIDFUZZ");
        env.put("AWS_SECRET_ACCESS_KEY", "fuzz-secret");
        env.put("ST_CENSUS_FUNCTION", "silenttalk-ops-snapshot-census");
        env.put("ST_CENSUS_SECRET_ARNS", "orders=arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf");
        return Map.copyOf(env);
    }

    /** The function app's settings (the invoke tests'), every endpoint on the counting listener, rotation and failover too. */
    static Map<String, String> azureSettings() {
        // https, as a bearer token demands; the listener counts the connection before any TLS
        String endpoint = "https://127.0.0.1:" + (listener == null ? 9 : listener.getLocalPort());
        Map<String, String> env = AzureInvokeCommandTest.appSettings();
        env.put("ST_ARM_ENDPOINT", endpoint);
        env.put("ST_METRICS_ENDPOINT", endpoint);
        env.put("ST_BACKUP_BLOB_ENDPOINT", endpoint + "/stprimary");
        env.put("ST_BACKUP_TABLE_ENDPOINT", endpoint + "/stprimary-table");
        env.put("ST_PAIRED_BLOB_ENDPOINT", endpoint + "/stpaired");
        env.put("ST_ROTATION_VAULT_URL", endpoint);
        env.put("ST_ROTATION_VAULT_NAME", "st-ops-kv");
        env.put("ST_ROTATION_SECRETS", "app-db");
        env.put("ST_FAILOVER_FROM", "orders-weu");
        env.put("ST_FAILOVER_TO", "orders-neu");
        env.put("ST_FAILOVER_GROUP", "orders");
        env.put("ST_FAILOVER_MODE", "APPROVAL_REQUIRED");
        env.put("ST_FAILOVER_SIGNALS", "st-frontdoor-origin-weu-unhealthy=HEALTH_CHECK, st-pg-weu-is-alive=ALARM");
        env.put("ST_FAILOVER_FRONTDOOR_PROFILE", "st-edge");
        env.put("ST_FAILOVER_FRONTDOOR_ORIGIN_GROUP", "app");
        return Map.copyOf(env);
    }
}

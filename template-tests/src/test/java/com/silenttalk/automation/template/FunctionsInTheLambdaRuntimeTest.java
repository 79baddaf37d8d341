package com.silenttalk.automation.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.silenttalk.automation.infra.RepositoryLayout;
import com.silenttalk.automation.infra.cloudformation.CloudFormationYaml;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of template.yaml started as Lambda starts it: AWS's own runtime interface client
 * ({@code aws-lambda-java-runtime-interface-client}, the managed Java runtime's) in a JVM of its own, the function's
 * jar (the one its CodeUri names: for most, a ProGuard-shrunk capability jar) on the class path after the runtime's,
 * the template's environment, and a Runtime API stub on 127.0.0.1. Managed: init, then one of the function's fixture
 * events. SnapStart: init, {@code beforeCheckpoint} (the handlers' priming), {@code /runtime/restore/next},
 * {@code afterRestore}, then the event. It fails on an init or restore error, on a linkage error (a class or member
 * the shrinking dropped), on an event the runtime could not hand to the handler, and on the SLF4J fallback warning
 * (the SDK's log lines would be lost). An invocation may fail on AWS itself (the stub answers every AWS call with a
 * 400): the handler got its event and ran.
 */
class FunctionsInTheLambdaRuntimeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EVENTS = RepositoryLayout.repoRoot().resolve("functions-aws/src/test/resources/events");
    static final Path ALERT_EVENTS = RepositoryLayout.repoRoot().resolve("alert-channels/src/test/resources/events");

    /** One fixture per function: an event its trigger delivers. */
    static final Map<String, Path> FIXTURES = Map.ofEntries(
            Map.entry("snapshot-census-branch", EVENTS.resolveSibling("branches").resolve("snapshot-branch.json")),
            Map.entry("snapshot-branch", EVENTS.resolveSibling("branches").resolve("snapshot-branch.json")),
            Map.entry("snapshot-census", EVENTS.resolve("eventbridge/scheduled-event.json")),
            Map.entry("snapshot-scheduler", EVENTS.resolve("lambda/census-destination-success.json")),
            Map.entry("snapshot-copier", EVENTS.resolve("rds/db-snapshot-created.json")),
            Map.entry("retention-pruner", EVENTS.resolve("eventbridge/scheduled-event-prune-dry-run.json")),
            Map.entry("drill-step", EVENTS.resolve("stepfunctions/drill-start.json")),
            Map.entry("secret-rotation", EVENTS.resolve("secretsmanager/create-secret.json")),
            Map.entry("alarm-notifier", ALERT_EVENTS.resolve("cloudwatch/alarm-state-change-composite.json")),
            Map.entry("failover-step", EVENTS.resolve("cloudwatch/failover-composite-alarm.json")),
            Map.entry("failover-reachability", EVENTS.resolve("eventbridge/scheduled-event-failover-reachability.json")));

    /** Values for the parameters template.yaml has no default for (and databases the fixtures name). */
    static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("DatabaseIdentifiers", "orders:instance,chat:cluster"),
            Map.entry("DrKmsKeyArn", "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd"),
            Map.entry("SourceKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/5555aaaa-2222-bbbb-3333-cccc4444dddd"),
            Map.entry("CensusSecretArns", "orders=arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-orders-census-AbCdEf"),
            Map.entry("DrillSubnetGroupName", "st-drill"),
            Map.entry("DrillSecurityGroupIds", "sg-0123456789abcdef0"),
            Map.entry("DrillMasterSecretArn", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:st-drill-AbCdEf"),
            Map.entry("FailoverPrimaryInstanceId", "silenttalk-db"),
            Map.entry("FailoverReplicaInstanceId", "silenttalk-db-dr"),
            Map.entry("FailoverHostedZoneId", "Z0123456789ABC"),
            Map.entry("FailoverRecordName", "db.silenttalk.example."),
            Map.entry("FailoverPrimaryEndpoint", "silenttalk-db.abc.eu-west-1.rds.amazonaws.com"),
            Map.entry("FailoverReplicaEndpoint", "silenttalk-db-dr.abc.eu-central-1.rds.amazonaws.com"),
            Map.entry("FailoverHealthCheckId", "11111111-2222-3333-4444-555555555555"),
            Map.entry("FailoverCacheGlobalDatastoreId", "ldgnf-global"),
            Map.entry("FailoverCachePrimaryGroupId", "redis-a"),
            Map.entry("FailoverCacheSecondaryGroupId", "redis-b"),
            Map.entry("FailoverDbSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-failover-AbCdEf"));

    static final List<String> LINKAGE = List.of("java.lang.NoClassDefFoundError", "java.lang.ClassNotFoundException",
            "java.lang.NoSuchMethodError", "java.lang.NoSuchFieldError", "java.lang.AbstractMethodError",
            "java.lang.IncompatibleClassChangeError", "java.lang.LinkageError", "java.lang.ExceptionInInitializerError",
            "java.lang.UnsatisfiedLinkError", "java.lang.VerifyError", "java.lang.ClassCastException");

    static JsonNode template;
    static TemplateEnvironment environment;
    static String runtimeClassPath;

    @TempDir
    Path work;

    @BeforeAll
    static void load() throws URISyntaxException {
        template = CloudFormationYaml.read(RepositoryLayout.repoRoot().resolve("template.yaml"));
        environment = new TemplateEnvironment(template, PARAMETERS);
        // the runtime's own class path: the runtime interface client and what it brings (serialization, utils-lite,
        // lambda-java-core), as the managed runtime has them ahead of the function's code
        List<String> runtime = new ArrayList<>();
        for (Class<?> type : List.of(AWSLambda.class, com.amazonaws.services.lambda.runtime.Context.class,
                com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class,
                software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class)) {
            runtime.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        runtimeClassPath = String.join(File.pathSeparator, runtime);
    }

    enum Start { MANAGED, SNAPSTART }

    static Stream<Arguments> starts() {
        return FunctionCatalog.FUNCTIONS.stream()
                .flatMap(f -> Stream.of(Arguments.of(f.name(), Start.MANAGED), Arguments.of(f.name(), Start.SNAPSTART)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("starts")
    void function_whenStartedByTheLambdaRuntimeFromItsCodeUri_initsAndHandsItsEventToTheHandler(String name, Start start)
            throws Exception {
        FunctionCatalog.Entry entry = FunctionCatalog.require(name);
        JsonNode function = template.path("Resources").path(entry.logicalId()).path("Properties");
        String handler = function.path("Handler").asText();
        Path jar = RepositoryLayout.repoRoot().resolve(function.path("CodeUri")
                .asText(template.path("Globals").path("Function").path("CodeUri").asText()));
        assertThat(jar).as("%s (mvn package writes it)", jar).isRegularFile();
        String event = Files.readString(FIXTURES.get(name));

        Path log = work.resolve(name + "-" + start + ".log");
        try (RuntimeApiStub api = new RuntimeApiStub()) {
            api.deliver(List.of(event));
            Process runtime = start(api, entry.logicalId(), handler, jar, start, log);
            try {
                assertThat(api.awaitOutcomes(180)).as("the runtime answered within 3 minutes; its log:%n%s", read(log)).isTrue();
            } finally {
                runtime.destroy();
                if (!runtime.waitFor(10, TimeUnit.SECONDS)) {
                    runtime.destroyForcibly().waitFor();
                }
            }
            String functionLog = read(log);
            assertThat(api.initErrors()).as("init or restore errors; the function's log:%n%s", functionLog).isEmpty();
            if (start == Start.SNAPSTART) {
                assertThat(api.restores()).as("beforeCheckpoint ran and the runtime asked to be restored").isEqualTo(1);
            }
            RuntimeApiStub.Outcome outcome = api.outcomes().get(0);
            if (outcome.error()) {
                JsonNode error = JSON.readTree(outcome.body());
                assertThat(error.path("errorType").asText()).as("%s; the function's log:%n%s", outcome.body(), functionLog)
                        .isNotIn(LINKAGE);
                assertThat(error.path("stackTrace").toString()).as("the handler ran on the event: %s", outcome.body())
                        .contains("com.silenttalk.automation.aws.");
            }
            // the SDK's own WARN (its config file names a profile the wrong way) is in the function's log, its DEBUG is not
            assertThat(functionLog).as("the function's log").doesNotContain("SLF4J:")
                    .contains("WARN software.amazon.awssdk.profiles.internal.ProfileFileReader - Ignoring profile 'misnamed'")
                    .doesNotContain("DEBUG software.amazon.awssdk");
        }
    }

    private Process start(RuntimeApiStub api, String logicalId, String handler, Path jar, Start start, Path log) throws Exception {
        Map<String, String> env = new HashMap<>(environment.of(logicalId));
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", handler);
        env.put("AWS_REGION", TemplateEnvironment.REGION);
        env.put("AWS_DEFAULT_REGION", TemplateEnvironment.REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", TemplateEnvironment.STACK + "-" + logicalId);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", template.path("Globals").path("Function").path("MemorySize").asText());
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + TemplateEnvironment.STACK + "-" + logicalId);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/03/01/[1]0123456789abcdef");
        env.put("LAMBDA_TASK_ROOT", jar.getParent().toString());
        // every AWS call of the function reaches the stub, never AWS
        env.put("AWS_ENDPOINT_URL", api.url(""));
        // a config file the SDK reads when it builds a client, with a profile it warns about (not "[profile misnamed]")
        Path config = Files.writeString(work.resolve("aws-config"), "[misnamed]\nregion = " + TemplateEnvironment.REGION + "\n");
        env.put("AWS_CONFIG_FILE", config.toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (start == Start.SNAPSTART) {
            // as SnapStart runs: the CRaC hooks through the runtime's own implementation, credentials from the container
            command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", api.url("/credentials"));
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "runtime-test");
        } else {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            env.put("AWS_ACCESS_KEY_ID", "ASIARUNTIMETEST00000");
            env.put("AWS_SECRET_ACCESS_KEY", "runtime-test-only");
            env.put("AWS_SESSION_TOKEN", "runtime-test-token");
        }
        command.addAll(List.of("-cp", runtimeClassPath + File.pathSeparator + jar,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", work.toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String read(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    }
}

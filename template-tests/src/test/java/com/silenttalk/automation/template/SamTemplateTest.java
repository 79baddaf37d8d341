package com.silenttalk.automation.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.aws.failover.FailoverReachabilityHandler;
import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.AwsFunction;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.runtime.AwsWiring;
import com.silenttalk.automation.aws.invoke.FunctionCatalog;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import com.silenttalk.automation.infra.RepositoryLayout;
import com.silenttalk.automation.infra.cloudformation.CloudFormationSpecChecker;
import com.silenttalk.automation.infra.cloudformation.CloudFormationYaml;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/** The root template.yaml: CloudFormation specification, handlers, least-privilege IAM. */
class SamTemplateTest {
    static final Path TEMPLATE = RepositoryLayout.repoRoot().resolve("template.yaml");
    static final Map<String, String> ENVIRONMENT = environment();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    static JsonNode template;
    static AwsClients neverCalled;
    static AwsWiring wiring;

    @BeforeAll
    static void load() {
        template = CloudFormationYaml.read(TEMPLATE);
        // clients pointed at a closed loopback port: building the functions never calls AWS
        neverCalled = new AwsClients(EnvironmentVariableCredentialsProvider.create(), Optional.of(URI.create("http://127.0.0.1:9")),
                new RetryPolicy(1, java.time.Duration.ZERO, java.time.Duration.ZERO), 12, RequestRateLimiter.Ticker.SYSTEM);
        wiring = new AwsWiring(AwsSettings.fromEnvironment(ENVIRONMENT), neverCalled, CLOCK, ENVIRONMENT);
    }

    @AfterAll
    static void close() {
        neverCalled.close();
    }

    /** What template.yaml sets, with example values: the Globals variables and the failover function's own. */
    static Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_REGION", "eu-west-1", "ST_ACCOUNT_ID", "123456789012",
                "ST_DR_REGION", "eu-central-1", "ST_DATABASES", "orders:instance,chat:cluster",
                "ST_DR_KMS_KEY_ID", "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd",
                "ST_LEDGER_TABLE", "ledger", "ST_REPORT_BUCKET", "reports"));
        env.put("ST_CENSUS_FUNCTION", "silenttalk-ops-snapshot-census");
        // the snapshot branch's shared RDS budget (SnapshotBranchFunction's own variable)
        env.put(com.silenttalk.automation.aws.ledger.RdsRequestBudget.TABLE_VARIABLE, "silenttalk-ops-requestbudgettable");
        env.put("ST_FAILOVER_GROUP", "silenttalk-db");
        env.put("ST_FAILOVER_DB_MODE", "READ_REPLICA");
        env.put("ST_FAILOVER_NODES", "primary=eu-west-1/silenttalk-db,replica=eu-central-1/silenttalk-db-dr");
        env.put("ST_FAILOVER_FROM", "primary");
        env.put("ST_FAILOVER_TO", "replica");
        env.put("ST_FAILOVER_MODE", "APPROVAL_REQUIRED");
        env.put("ST_FAILOVER_COMPOSITE_ALARM", "stack-failover-primary-down");
        env.put("ST_FAILOVER_HEALTH_ALARM", "health");
        env.put("ST_FAILOVER_REACHABILITY_ALARM", "reachability");
        env.put("ST_FAILOVER_DB_ALARM", "silent");
        env.put("ST_FAILOVER_ALARM_WINDOW_MINUTES", "5");
        env.put("ST_FAILOVER_HOSTED_ZONE_ID", "Z0123456789ABC");
        env.put("ST_FAILOVER_RECORD_NAME", "db.silenttalk.example.");
        env.put("ST_FAILOVER_ENDPOINTS", "primary=a.example,replica=b.example");
        env.put("ST_FAILOVER_CACHE", "global-datastore");
        env.put("ST_FAILOVER_CACHE_ID", "ldgnf-global");
        env.put("ST_FAILOVER_CACHE_MEMBERS", "primary=eu-west-1/redis-a,replica=eu-central-1/redis-b");
        env.put("ST_FAILOVER_DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:st-failover-AbCdEf");
        env.put("ST_FAILOVER_SSLMODE", "require");
        return Map.copyOf(env);
    }

    static List<FunctionCatalog.Entry> functions() {
        return FunctionCatalog.FUNCTIONS;
    }

    @Test
    void check_whenTemplateYaml_everyResourceTypeAndPropertyMatchesTheSpecification() {
        List<String> problems = CloudFormationSpecChecker.fromInstalledSpecification().check(TEMPLATE);

        assertThat(problems).isEmpty();
    }

    @Test
    void functions_whenListedInTheTemplate_areExactlyTheCatalogue() {
        Set<String> inTemplate = new TreeSet<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                inTemplate.add(e.getKey());
            }
        });

        assertThat(inTemplate).containsExactlyInAnyOrderElementsOf(
                FunctionCatalog.FUNCTIONS.stream().map(FunctionCatalog.Entry::logicalId).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void handler_whenResolved_isAPublicRequestHandlerWithAPublicNoArgConstructor(FunctionCatalog.Entry entry)
            throws Exception {
        String handler = function(entry).path("Properties").path("Handler").asText();

        assertThat(handler).isEqualTo(entry.handlerReference());
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertThat(RequestHandler.class).isAssignableFrom(type);
        assertThat(java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
        assertThat(type.getMethod("handleRequest", Map.class, com.amazonaws.services.lambda.runtime.Context.class))
                .isNotNull();
    }

    /**
     * The artifact SAM deploys for a function (its CodeUri, else the Globals one) must hold everything the
     * function's production wiring reaches: built in a class loader that sees only that jar, the function
     * states the same permissions as here. A capability jar that lacks an SDK module its functions use fails.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    @SuppressWarnings("unchecked")
    void handler_whenBuiltFromTheArtifactItsCodeUriNames_hasEverythingItsWiringReaches(FunctionCatalog.Entry entry)
            throws Exception {
        String codeUri = function(entry).path("Properties").path("CodeUri")
                .asText(template.path("Globals").path("Function").path("CodeUri").asText());
        Path jar = RepositoryLayout.repoRoot().resolve(codeUri);
        assertThat(jar).as("%s (mvn package writes it)", codeUri).isRegularFile();

        List<String> actions;
        try (java.net.URLClassLoader artifact = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> settingsType = artifact.loadClass(AwsSettings.class.getName());
            Class<?> retryType = artifact.loadClass(RetryPolicy.class.getName());
            Class<?> tickerType = artifact.loadClass(RequestRateLimiter.Ticker.class.getName());
            Class<?> clientsType = artifact.loadClass(AwsClients.class.getName());
            Class<?> wiringType = artifact.loadClass(AwsWiring.class.getName());
            Object clients = clientsType.getConstructor(
                            artifact.loadClass("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider"),
                            Optional.class, retryType, int.class, tickerType)
                    .newInstance(artifact.loadClass(EnvironmentVariableCredentialsProvider.class.getName()).getMethod("create").invoke(null),
                            Optional.of(URI.create("http://127.0.0.1:9")),
                            retryType.getConstructor(int.class, java.time.Duration.class, java.time.Duration.class)
                                    .newInstance(1, java.time.Duration.ZERO, java.time.Duration.ZERO),
                            12, tickerType.getField("SYSTEM").get(null));
            try {
                Object wiring = wiringType.getConstructor(settingsType, clientsType, Clock.class, Map.class).newInstance(
                        settingsType.getMethod("fromEnvironment", Map.class).invoke(null, ENVIRONMENT), clients, CLOCK, ENVIRONMENT);
                Object function = artifact.loadClass(entry.handler().getName()).getConstructor(wiringType).newInstance(wiring);
                // through the interfaces: listing all of a class's methods would resolve types it never reaches
                actions = (List<String>) artifact.loadClass(AwsFunction.class.getName()).getMethod("requiredActions")
                        .invoke(function);
            } finally {
                ((AutoCloseable) clients).close();
            }
        }

        assertThat(actions).isEqualTo(entry.factory().apply(wiring).requiredActions());
    }

    static List<FunctionCatalog.Entry> backupFunctions() {
        return functions().stream().filter(e -> e.handler().getPackageName().endsWith(".aws.backup")).toList();
    }

    /** Issue #3's packaging requirement for the backup functions (snapshot, census, copy, prune): at most 10 MB. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backupFunctions")
    void artifact_ofABackupFunction_isAtMostTenMegabytes(FunctionCatalog.Entry entry) throws Exception {
        String codeUri = function(entry).path("Properties").path("CodeUri")
                .asText(template.path("Globals").path("Function").path("CodeUri").asText());
        assertThat(Files.size(RepositoryLayout.repoRoot().resolve(codeUri))).as(codeUri).isLessThanOrEqualTo(10_000_000L);
    }

    /**
     * Actions for which the Service Authorization Reference lists no resource type, so IAM accepts them only
     * with {@code Resource: "*"}. Every other action must name its resources. Add one only with its reference.
     */
    static final Set<String> NO_RESOURCE_LEVEL_PERMISSIONS = Set.of(
            // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
            "secretsmanager:GetRandomPassword",
            // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
            "backup:DescribeRestoreJob");

    /** The actions a statement grants on {@code Resource: "*"} although they could be scoped. */
    static List<String> wildcardResourceViolations(JsonNode statement) {
        boolean wildcard = false;
        for (JsonNode resource : asList(statement.path("Resource"))) {
            wildcard |= resource.isTextual() && resource.asText().equals("*");
        }
        List<String> violations = new ArrayList<>();
        if (wildcard) {
            for (JsonNode action : asList(statement.path("Action"))) {
                if (!NO_RESOURCE_LEVEL_PERMISSIONS.contains(action.asText())) {
                    violations.add(action.asText());
                }
            }
        }
        return violations;
    }

    @Test
    void wildcardResourceViolations_whenAStatementMixesAScopableAction_namesOnlyThatAction() throws Exception {
        JsonNode mixed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"Action\": [\"secretsmanager:GetRandomPassword\", \"secretsmanager:GetSecretValue\"], \"Resource\": \"*\"}");
        JsonNode allowed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"Action\": \"secretsmanager:GetRandomPassword\", \"Resource\": [\"*\"]}");
        JsonNode scoped = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"arn:aws:secretsmanager:eu-west-1:1:secret:x\"}");

        assertThat(wildcardResourceViolations(mixed)).containsExactly("secretsmanager:GetSecretValue");
        assertThat(wildcardResourceViolations(allowed)).isEmpty();
        assertThat(wildcardResourceViolations(scoped)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void policies_whenCompared_grantExactlyTheRequiredActionsAndNoWildcardAction(FunctionCatalog.Entry entry) {
        AwsFunction function = entry.factory().apply(wiring);
        Set<String> granted = new TreeSet<>();
        for (JsonNode policy : function(entry).path("Properties").path("Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                for (JsonNode action : asList(statement.path("Action"))) {
                    assertThat(action.asText()).doesNotContain("*");
                    granted.add(action.asText());
                }
                assertThat(wildcardResourceViolations(statement)).as("Resource \"*\" in " + entry.name()).isEmpty();
            }
        }

        assertThat(granted).containsExactlyInAnyOrderElementsOf(new TreeSet<>(function.requiredActions()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void function_whenDeployed_usesJava21SnapStartOnPublishedVersions(FunctionCatalog.Entry entry) {
        JsonNode globals = template.path("Globals").path("Function");
        JsonNode properties = function(entry).path("Properties");

        assertThat(properties.path("Runtime").asText(globals.path("Runtime").asText())).isEqualTo("java21");
        assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("AutoPublishAlias").asText()).isNotBlank();
    }

    @Test
    void asyncFunctions_whenAnEventFails_goToTheFailedEventsQueueWithoutRetry() {
        for (FunctionCatalog.Entry entry : FunctionCatalog.FUNCTIONS) {
            JsonNode properties = function(entry).path("Properties");
            if (properties.path("Events").isMissingNode()) {
                continue; // called synchronously by the state machine
            }
            JsonNode config = properties.path("EventInvokeConfig");
            assertThat(config.path("MaximumRetryAttempts").asInt(-1)).as(entry.name()).isZero();
            assertThat(properties.path("DeadLetterQueue").path("Type").asText()).as(entry.name()).isEqualTo("SQS");
            assertThat(properties.path("DeadLetterQueue").path("TargetArn").toString())
                    .as(entry.name()).contains("FailedEventsQueue");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"DrillStateMachine", "FailoverStateMachine"})
    void stateMachine_whenDefined_isTheGenericCallWaitRepeatLoop(String machine) {
        JsonNode states = template.path("Resources").path(machine).path("Properties").path("Definition").path("States");

        assertThat(states.path("Step").path("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
        assertThat(states.path("WaitAsTold").path("SecondsPath").asText()).isEqualTo("$.waitSeconds");
        assertThat(states.path("WaitAsTold").path("Next").asText()).isEqualTo("Step");
        assertThat(states.path("IsDone").path("Default").asText()).isEqualTo("WaitAsTold");
        // $.passed is read only once the step said done (it is only in a finished drill's output)
        assertThat(states.path("IsDone").path("Choices").toString()).doesNotContain("$.passed");
        if (machine.equals("DrillStateMachine")) {
            assertThat(states.path("DidItPass").path("Default").asText()).isEqualTo("NotifyFailure");
            // opsctl drill --cloud aws reads passed/summary/reportKey from the output, or from a failed drill's cause
            assertThat(states.path("IsDone").path("Choices").get(0).path("Next").asText()).isEqualTo("Result");
            assertThat(states.path("Result").path("Parameters").toString())
                    .contains("\"passed.$\":\"$.passed\"", "\"summary.$\":\"$.summary\"", "\"reportKey.$\":\"$.reportKey\"");
            assertThat(states.path("NotifyFailure").has("ResultPath")).isTrue();
            assertThat(states.path("NotifyFailure").path("ResultPath").isNull()).isTrue();
            assertThat(states.path("DrillFailed").path("CausePath").asText()).isEqualTo("States.JsonToString($)");
        }
        String notify = states.path("DidItPass").path("Default").asText();
        assertThat(states.path(notify).path("Resource").asText()).isEqualTo("arn:aws:states:::sns:publish");
        assertThat(states.path(notify).path("Parameters").path("Message.$").asText()).isEqualTo("$.summary");
        assertThat(states.path("Step").path("Retry").toString()).contains("\"JitterStrategy\":\"FULL\"");
    }

    @Test
    void failover_whenWired_isStartedOnlyByTheCompositeOfThreeSustainedSignals() {
        JsonNode resources = template.path("Resources");
        String rule = resources.path("FailoverCompositeAlarm").path("Properties").path("AlarmRule").path("Fn::Sub").asText();
        List<String> children = List.of("FailoverHealthCheckAlarm", "FailoverReachabilityAlarm", "FailoverDatabaseSilentAlarm");

        assertThat(rule).isEqualTo(String.join(" AND ", children.stream().map(c -> "ALARM(\"${" + c + "}\")").toList()));
        for (String child : children) {
            JsonNode alarm = resources.path(child).path("Properties");
            assertThat(alarm.path("Period").asInt()).as(child).isEqualTo(60);
            assertThat(alarm.path("EvaluationPeriods").path("Ref").asText()).as(child).isEqualTo("FailoverSustainMinutes");
            assertThat(alarm.path("DatapointsToAlarm").path("Ref").asText()).as(child).isEqualTo("FailoverSustainMinutes");
        }
        JsonNode env = resources.path("FailoverStepFunction").path("Properties").path("Environment").path("Variables");
        assertThat(env.path("ST_FAILOVER_COMPOSITE_ALARM").path("Ref").asText()).isEqualTo("FailoverCompositeAlarm");
        assertThat(List.of(env.path("ST_FAILOVER_HEALTH_ALARM").path("Ref").asText(), env.path("ST_FAILOVER_REACHABILITY_ALARM")
                .path("Ref").asText(), env.path("ST_FAILOVER_DB_ALARM").path("Ref").asText())).containsExactlyElementsOf(children);
        assertThat(env.path("ST_FAILOVER_ALARM_WINDOW_MINUTES").path("Ref").asText()).isEqualTo("FailoverSustainMinutes");
        assertThat(template.path("Parameters").path("FailoverSustainMinutes").path("MinValue").asInt())
                .as("the gate counts an alarm after 3 minutes").isGreaterThanOrEqualTo(3);
        assertThat(template.path("Parameters").path("FailoverMode").path("Default").asText()).isEqualTo("APPROVAL_REQUIRED");

        JsonNode event = resources.path("FailoverStateMachine").path("Properties").path("Events").path("PrimaryDown");
        assertThat(event.path("Type").asText()).isEqualTo("EventBridgeRule");
        JsonNode pattern = event.path("Properties").path("Pattern");
        assertThat(pattern.path("source").toString()).isEqualTo("[\"aws.cloudwatch\"]");
        assertThat(pattern.path("resources").toString()).isEqualTo("[{\"Fn::GetAtt\":[\"FailoverCompositeAlarm\",\"Arn\"]}]");
        assertThat(pattern.path("detail").path("state").path("value").toString()).isEqualTo("[\"ALARM\"]");
        assertThat(event.path("Properties").path("DeadLetterConfig").toString()).contains("FailedEventsQueue");
    }

    @Test
    void failover_whenWired_probesThePrimaryEveryMinuteIntoTheMetricTheReachabilityAlarmReads() {
        JsonNode resources = template.path("Resources");
        JsonNode schedule = resources.path("FailoverReachabilityFunction").path("Properties").path("Events").path("ProbePrimaryEveryMinute");
        assertThat(schedule.path("Type").asText()).isEqualTo("Schedule");
        assertThat(schedule.path("Properties").path("Schedule").asText()).isEqualTo("rate(1 minute)");

        JsonNode alarm = resources.path("FailoverReachabilityAlarm").path("Properties");
        assertThat(alarm.path("Namespace").asText()).isEqualTo(FailoverReachabilityHandler.REACHABILITY_NAMESPACE);
        assertThat(alarm.path("MetricName").asText()).isEqualTo(FailoverReachabilityHandler.REACHABILITY_METRIC);
        assertThat(alarm.path("Dimensions")).singleElement().satisfies(d -> {
            assertThat(d.path("Name").asText()).isEqualTo(FailoverReachabilityHandler.REACHABILITY_DIMENSION);
            assertThat(d.path("Value").path("Ref").asText()).as("the probe's dimension value is ST_FAILOVER_FROM's instance")
                    .isEqualTo("FailoverPrimaryInstanceId");
        });
        assertThat(resources.path("FailoverReachabilityFunction").path("Properties").path("Environment").path("Variables")
                .path("ST_FAILOVER_NODES").path("Fn::Sub").asText()).startsWith("primary=${AWS::Region}/${FailoverPrimaryInstanceId},");
        assertThat(alarm.path("Statistic").asText() + " " + alarm.path("ComparisonOperator").asText() + " " + alarm.path("Threshold").asInt())
                .isEqualTo("Sum GreaterThanOrEqualToThreshold 1");
    }

    @Test
    void failover_whenGranted_scopesEveryDestructiveActionToItsResource() {
        JsonNode statements = template.path("Resources").path("FailoverStepFunction").path("Properties").path("Policies")
                .get(0).path("Statement");
        Map<String, String> resourceBySid = new java.util.HashMap<>();
        statements.forEach(st -> resourceBySid.put(st.path("Sid").asText(), st.path("Resource").toString()));

        assertThat(resourceBySid.get("FenceOnlyThePrimary")).contains(":db:${FailoverPrimaryInstanceId}");
        assertThat(resourceBySid.get("PromoteOnlyTheReplica")).contains("${DrRegion}").contains(":db:${FailoverReplicaInstanceId}");
        assertThat(resourceBySid.get("RepointOnlyTheDatabaseZone")).contains("hostedzone/${FailoverHostedZoneId}");
        assertThat(resourceBySid.get("FailOverOnlyTheGlobalDatastore")).contains("globalreplicationgroup:${FailoverCacheGlobalDatastoreId}");
        assertThat(resourceBySid.get("WriteProbeLogin")).contains("FailoverDbSecretArn");
        assertThat(resourceBySid.get("Ledger")).contains("LedgerTable");
    }

    @Test
    void snapshots_whenRunByHand_runTheCensusFirstAndItsRecordStartsTheSchedulerWhateverTheOutcome() {
        JsonNode resources = template.path("Resources");
        JsonNode census = resources.path("SnapshotCensusFunction").path("Properties");
        JsonNode scheduler = resources.path("SnapshotSchedulerFunction").path("Properties");

        assertThat(census.path("Events").isMissingNode()).as("the six-hourly schedule starts the fan-out").isTrue();
        assertThat(scheduler.path("Events").isMissingNode()).as("started by the census's record only").isTrue();
        JsonNode config = census.path("EventInvokeConfig");
        assertThat(config.path("MaximumRetryAttempts").asInt(-1)).as("a retried census commits a second marker").isZero();
        for (String outcome : List.of("OnSuccess", "OnFailure")) {
            JsonNode destination = config.path("DestinationConfig").path(outcome);
            assertThat(destination.path("Type").asText()).as(outcome + ": SAM grants lambda:InvokeFunction for Type Lambda")
                    .isEqualTo("Lambda");
            assertThat(destination.path("Destination").path("Ref").asText()).as(outcome)
                    .isEqualTo("SnapshotSchedulerFunction.Alias");
        }
        // the scheduler accepts invocation records from the function of that name only
        String name = census.path("FunctionName").path("Fn::Sub").asText();
        assertThat(scheduler.path("Environment").path("Variables").path("ST_CENSUS_FUNCTION").path("Fn::Sub").asText())
                .isEqualTo(name).contains("${AWS::StackName}");
        new com.silenttalk.automation.aws.runtime.AsyncInvocationRecord.LambdaFunction("eu-west-1", "123456789012",
                name.replace("${AWS::StackName}", "silenttalk-ops"));
        // only the census reaches the source databases (JDBC from the VPC)
        assertThat(census.path("VpcConfig").isMissingNode()).isFalse();
        assertThat(scheduler.path("VpcConfig").isMissingNode()).isTrue();
        assertThat(scheduler.path("CodeUri").asText()).isEqualTo("functions-aws/target/lambda-backup.jar");
        assertThat(census.path("CodeUri").asText()).isEqualTo("functions-aws/target/lambda-census.jar");
    }

    @Test
    void snapshotFanOut_whenScheduled_mapsEveryDatabaseToCensusThenSnapshotAtMostMaxConcurrencyAtOnce() {
        JsonNode machine = template.path("Resources").path("SnapshotFanOutStateMachine").path("Properties");
        JsonNode states = machine.path("Definition").path("States");
        JsonNode substitutions = machine.path("DefinitionSubstitutions");

        assertThat(machine.path("Events").path("EverySixHours").path("Type").asText()).isEqualTo("Schedule");
        assertThat(machine.path("Events").path("EverySixHours").path("Properties").path("Schedule").asText()).isEqualTo("rate(6 hours)");
        assertThat(machine.path("Events").path("EverySixHours").path("Properties").path("DeadLetterConfig").toString())
                .contains("FailedEventsQueue");
        assertThat(machine.path("Definition").path("StartAt").asText()).isEqualTo("Databases");
        // the items are ST_DATABASES as deployed, the limit the parameter (read back as a number: a substitution is text)
        assertThat(substitutions.path("Databases").path("Ref").asText()).isEqualTo("DatabaseIdentifiers");
        assertThat(substitutions.path("MaxConcurrency").path("Ref").asText()).isEqualTo("SnapshotMaxConcurrency");
        assertThat(states.path("Databases").path("Parameters").path("databases.$").asText())
                .isEqualTo("States.StringSplit('${Databases}', ',')");
        assertThat(states.path("Databases").path("Parameters").path("maxConcurrency.$").asText())
                .isEqualTo("States.StringToJson('${MaxConcurrency}')");
        JsonNode map = states.path(states.path("Databases").path("Next").asText());
        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.path("ItemsPath").asText()).isEqualTo("$.databases");
        assertThat(map.path("MaxConcurrencyPath").asText()).isEqualTo("$.maxConcurrency");
        assertThat(template.path("Parameters").path("SnapshotMaxConcurrency").path("MinValue").asInt()).isEqualTo(1);
        assertThat(map.path("ItemSelector").path("database.$").asText()).isEqualTo("$$.Map.Item.Value");

        JsonNode branch = map.path("ItemProcessor").path("States");
        assertThat(map.path("ItemProcessor").path("StartAt").asText()).isEqualTo("Census");
        assertThat(branch.path("Census").path("Parameters").path("FunctionName").asText()).isEqualTo("${CensusBranchFunctionArn}");
        assertThat(branch.path("Snapshot").path("Parameters").path("FunctionName").asText()).isEqualTo("${SnapshotBranchFunctionArn}");
        assertThat(substitutions.path("CensusBranchFunctionArn").path("Ref").asText()).isEqualTo("CensusBranchFunction.Alias");
        assertThat(substitutions.path("SnapshotBranchFunctionArn").path("Ref").asText()).isEqualTo("SnapshotBranchFunction.Alias");
        // every task of a branch catches everything: an iteration that fails would stop the whole Map
        for (String task : List.of("Census", "Snapshot", "ReportFailure")) {
            JsonNode catchAll = branch.path(task).path("Catch").get(0);
            assertThat(catchAll.path("ErrorEquals").toString()).as(task).isEqualTo("[\"States.ALL\"]");
        }
        assertThat(branch.path("Census").path("Catch").get(0).path("Next").asText()).isEqualTo("CensusFailed");
        assertThat(branch.path("CensusFailed").path("Next").asText()).as("a failed census still snapshots").isEqualTo("Snapshot");
        assertThat(branch.path("CensusFailed").path("Parameters").toString()).as("no Cause kept").doesNotContain("Cause");
        assertThat(branch.path("Census").path("Next").asText()).isEqualTo("Snapshot");
        assertThat(branch.path("Snapshot").path("Catch").get(0).path("Next").asText()).isEqualTo("ReportFailure");
        assertThat(branch.path("ReportFailure").path("Resource").asText()).isEqualTo("arn:aws:states:::sqs:sendMessage");
        assertThat(branch.path("ReportFailure").path("Parameters").path("QueueUrl").asText()).isEqualTo("${FailedEventsQueueUrl}");
        assertThat(substitutions.path("FailedEventsQueueUrl").path("Ref").asText()).isEqualTo("FailedEventsQueue");
        assertThat(branch.path("Failed").path("End").asBoolean()).isTrue();
        assertThat(branch.path("Failed").path("Parameters").path("snapshot").path("status").asText()).isEqualTo("FAILED");
        assertThat(branch.path("Done").path("End").asBoolean()).isTrue();
        assertThat(map.path("ResultPath").asText()).as("each branch's result is kept").isEqualTo("$.branches");
        assertThat(states.path("Result").path("Parameters").path("branches.$").asText()).isEqualTo("$.branches");
    }

    @Test
    void snapshotFanOut_whenGranted_invokesOnlyItsBranchFunctionsAndReportsOnlyToTheFailedEventsQueue() {
        JsonNode policies = template.path("Resources").path("SnapshotFanOutStateMachine").path("Properties").path("Policies");
        List<String> granted = new ArrayList<>();
        policies.forEach(p -> p.fields().forEachRemaining(e -> granted.add(e.getKey() + " " + e.getValue())));

        assertThat(granted).containsExactlyInAnyOrder(
                "LambdaInvokePolicy {\"FunctionName\":{\"Ref\":\"CensusBranchFunction\"}}",
                "LambdaInvokePolicy {\"FunctionName\":{\"Ref\":\"SnapshotBranchFunction\"}}",
                "SQSSendMessagePolicy {\"QueueName\":{\"Fn::GetAtt\":[\"FailedEventsQueue\",\"QueueName\"]}}");
    }

    @Test
    void requestBudget_whenGranted_isOnlyTheSnapshotBranchsConditionalUpdateOfItsOwnTable() {
        JsonNode resources = template.path("Resources");
        JsonNode table = resources.path("RequestBudgetTable").path("Properties");
        assertThat(table.path("KeySchema").get(0).path("AttributeName").asText())
                .isEqualTo(com.silenttalk.automation.aws.ledger.DynamoDbRequestBudget.KEY);
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo(com.silenttalk.automation.aws.ledger.DynamoDbRunLedger.TTL_ATTRIBUTE);
        JsonNode branch = resources.path("SnapshotBranchFunction").path("Properties");
        assertThat(branch.path("Environment").path("Variables")
                .path(com.silenttalk.automation.aws.ledger.RdsRequestBudget.TABLE_VARIABLE).path("Ref").asText())
                .isEqualTo("RequestBudgetTable");

        List<String> grantsOnTheTable = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> resource.getValue().path("Properties").path("Policies").forEach(policy ->
                policy.path("Statement").forEach(statement -> {
                    if (statement.path("Resource").toString().contains("RequestBudgetTable")) {
                        asList(statement.path("Action")).forEach(a -> grantsOnTheTable.add(resource.getKey() + " " + a.asText()));
                        assertThat(statement.path("Resource").toString()).isEqualTo("{\"Fn::GetAtt\":[\"RequestBudgetTable\",\"Arn\"]}");
                    }
                })));
        assertThat(grantsOnTheTable).containsExactly("SnapshotBranchFunction dynamodb:UpdateItem");
    }

    @Test
    void storage_whenDeclared_isEncryptedVersionedPrivateAndExpiring() {
        JsonNode resources = template.path("Resources");
        JsonNode bucket = resources.path("ReportBucket").path("Properties");
        assertThat(bucket.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(bucket.path("PublicAccessBlockConfiguration").toString())
                .contains("\"BlockPublicAcls\":true", "\"BlockPublicPolicy\":true", "\"IgnorePublicAcls\":true",
                        "\"RestrictPublicBuckets\":true");
        assertThat(bucket.path("BucketEncryption").toString()).contains("aws:kms");
        JsonNode table = resources.path("LedgerTable").path("Properties");
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo(com.silenttalk.automation.aws.ledger.DynamoDbRunLedger.TTL_ATTRIBUTE);
        assertThat(table.path("KeySchema").get(0).path("AttributeName").asText())
                .isEqualTo(com.silenttalk.automation.aws.ledger.DynamoDbRunLedger.KEY);
    }

    private static JsonNode function(FunctionCatalog.Entry entry) {
        JsonNode resource = template.path("Resources").path(entry.logicalId());
        assertThat(resource.path("Type").asText()).as(entry.logicalId()).isEqualTo("AWS::Serverless::Function");
        return resource;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(it.next());
            }
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
        return out;
    }
}

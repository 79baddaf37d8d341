package com.silenttalk.automation.local.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.ExitCode;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * {@code opsctl drill --cloud aws}: starts the drill state machine that template.yaml deploys
 * (the same loop the monthly schedule starts) and, with {@code --wait}, watches it to the end.
 * The execution is named for the database and the minute, so a repeated start within the
 * minute finds the running execution instead of starting a second drill (StartExecution is
 * idempotent for the same name and input).
 */
public final class StepFunctionsDrill implements AutoCloseable {
    public static final String STATE_MACHINE_ENV = "ST_DRILL_STATE_MACHINE_ARN";
    static final String DRILL_FAILED = "DrillFailed";
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd't'HHmm'z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to start. */
    public record Request(String stateMachineArn, String region, DatabaseId database) {
    }

    private final SfnClient sfn;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final Optional<String> reportBucket;

    StepFunctionsDrill(SfnClient sfn, Clock clock, PrintStream out, PrintStream err, Optional<String> reportBucket) {
        this.sfn = sfn;
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.reportBucket = reportBucket;
    }

    /** Validates the options before anything is built or called. */
    public static Request request(String stateMachineOption, String databaseOption, Map<String, String> env) {
        String arn = stateMachineOption != null ? stateMachineOption : env.get(STATE_MACHINE_ENV);
        String field = stateMachineOption != null ? "--state-machine" : STATE_MACHINE_ENV;
        if (arn == null || arn.isBlank()) {
            throw new InvalidFieldException("--state-machine", "is required with --cloud aws (or set " + STATE_MACHINE_ENV
                    + "): the DrillStateMachine ARN from the stack outputs");
        }
        Matcher m = STATE_MACHINE_ARN.matcher(arn.trim());
        if (!m.matches()) {
            throw new InvalidFieldException(field, UntrustedText.quoted(arn) + " is not a Step Functions state machine ARN");
        }
        String database = databaseOption;
        if (database == null) {
            String configured = env.getOrDefault("ST_DATABASES", "");
            database = configured.split(",")[0].split(":")[0].trim();
            if (database.isEmpty()) {
                throw new InvalidFieldException("--database", "is required with --cloud aws when ST_DATABASES is not set");
            }
        }
        DatabaseId id;
        try {
            id = new DatabaseId(database);
        } catch (InvalidFieldException e) {
            throw e.under("--database");
        }
        return new Request(arn.trim(), m.group(1), id);
    }

    /** The production client: url-connection HTTP, the ARN's region, credentials chosen explicitly. */
    public static StepFunctionsDrill connect(Request request, Map<String, String> env, Clock clock, PrintStream out,
                                             PrintStream err) {
        SfnClientBuilder builder = SfnClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(request.region()))
                .credentialsProvider(credentials(env));
        Optional.ofNullable(env.getOrDefault("AWS_ENDPOINT_URL_SFN", env.get("AWS_ENDPOINT_URL")))
                .filter(s -> !s.isBlank()).map(URI::create).ifPresent(builder::endpointOverride);
        return new StepFunctionsDrill(builder.build(), clock, out, err,
                Optional.ofNullable(env.get("ST_REPORT_BUCKET")).filter(s -> !s.isBlank()));
    }

    /** Keys from the environment when set (never printed), otherwise the named or default profile. */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, token));
        }
        return ProfileCredentialsProvider.create(env.getOrDefault("AWS_PROFILE", "default"));
    }

    /** Starts the drill and prints the execution ARN; with {@code wait}, follows it and returns the drill's exit code. */
    public int run(Request request, boolean wait, Duration poll, Duration timeout) {
        String name = "opsctl-" + request.database().value() + "-" + STAMP.format(clock.instant());
        String input = "{\"database\":\"" + request.database().value() + "\"}";
        String executionArn = call(() -> sfn.startExecution(r -> r.stateMachineArn(request.stateMachineArn())
                .name(name).input(input)).executionArn());
        out.println(executionArn);
        err.println("[drill] started " + name + " on " + request.stateMachineArn());
        if (!wait) {
            return ExitCode.OK;
        }
        java.time.Instant giveUp = clock.instant().plus(timeout);
        DescribeExecutionResponse execution = call(() -> sfn.describeExecution(r -> r.executionArn(executionArn)));
        while (execution.status() == ExecutionStatus.RUNNING || execution.status() == ExecutionStatus.PENDING_REDRIVE) {
            if (!clock.instant().isBefore(giveUp)) {
                throw new EnvironmentException("drill execution " + executionArn + " is still " + execution.statusAsString()
                        + " after " + timeout.toMinutes() + " min; it keeps running in Step Functions");
            }
            err.println("[drill] " + execution.statusAsString() + "; next check in " + poll.toSeconds() + " s");
            sleep(poll);
            execution = call(() -> sfn.describeExecution(r -> r.executionArn(executionArn)));
        }
        return finish(execution);
    }

    private int finish(DescribeExecutionResponse execution) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("executionArn", execution.executionArn());
        result.put("status", execution.statusAsString());
        if (execution.status() == ExecutionStatus.SUCCEEDED || DRILL_FAILED.equals(execution.error())) {
            // the state machine's Result state: {passed, summary, reportKey}, as output or as the failure's cause
            JsonNode drill = parse(execution.status() == ExecutionStatus.SUCCEEDED ? execution.output() : execution.cause());
            boolean passed = drill.path("passed").asBoolean(false);
            String key = drill.path("reportKey").asText("");
            result.put("passed", passed);
            result.put("summary", drill.path("summary").asText(""));
            result.put("report", reportBucket.map(b -> "s3://" + b + "/" + key).orElse(key));
            out.println(write(result));
            err.println("[drill] " + drill.path("summary").asText("") + "; report " + result.get("report"));
            return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
        // the loop itself broke (a Lambda error, a timeout, an abort): the drill did not run to a verdict
        result.put("error", execution.error());
        result.put("cause", execution.cause());
        out.println(write(result));
        throw new EnvironmentException("drill execution " + execution.executionArn() + " ended " + execution.statusAsString()
                + (execution.error() == null ? "" : ": " + execution.error()) + " (no verdict; see the execution history)");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new EnvironmentException("the drill execution's result is not the state machine's Result JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String write(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SfnException e) {
            throw new EnvironmentException("Step Functions refused: " + e.awsErrorDetails().errorCode() + " "
                    + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkClientException e) {
            throw new EnvironmentException("Step Functions is unreachable: " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("interrupted while watching the drill; it keeps running in Step Functions", e);
        }
    }

    @Override
    public void close() {
        sfn.close();
    }
}

package com.silenttalk.automation.aws.runtime;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.warmup.http.CannedResponseHttpClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients once per container: one url-connection HTTP client (small request bodies never wait on Nagle,
 * {@link NoDelayHttpClient}), the region
 * and credentials set explicitly, bounded retries with jitter, and for RDS a shared
 * client-side rate limit (all regions' RDS clients of a container draw from one bucket
 * per region).
 */
public final class AwsClients implements AutoCloseable {
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final RetryPolicy retry;
    private final RequestRateLimiter.Ticker ticker;
    private final int rdsRequestsPerSecond;
    private final SdkHttpClient http;
    private final Optional<ExecutionInterceptor> recorder;
    private final Map<String, RdsClient> rds = new ConcurrentHashMap<>();
    private final Map<String, RdsClient> pacedRds = new ConcurrentHashMap<>();
    private final Map<String, RequestRateLimiter> rdsLimiters = new ConcurrentHashMap<>();
    private final Map<String, DynamoDbClient> dynamo = new ConcurrentHashMap<>();
    private final Map<String, S3Client> s3 = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.secretsmanager.SecretsManagerClient> secretsManager = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.elasticache.ElastiCacheClient> elastiCache = new ConcurrentHashMap<>();
    private final Map<String, SnsClient> sns = new ConcurrentHashMap<>();
    private final Map<String, SqsClient> sqs = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.route53.Route53Client> route53 = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.backup.BackupClient> backup = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.ecs.EcsClient> ecs = new ConcurrentHashMap<>();
    /** Member accounts' RDS limits, per account and region ({@code account/region}): RDS throttles per account. */
    private final Map<String, RequestRateLimiter> memberRdsLimiters = new ConcurrentHashMap<>();

    /**
     * @param endpoint only for tests (WireMock, dynalite, S3Mock on 127.0.0.1); empty in production
     */
    public AwsClients(AwsCredentialsProvider credentials, Optional<URI> endpoint, RetryPolicy retry,
                      int rdsRequestsPerSecond, RequestRateLimiter.Ticker ticker) {
        this(credentials, endpoint, retry, rdsRequestsPerSecond, ticker,
                NoDelayHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30)), Optional.empty());
    }

    private AwsClients(AwsCredentialsProvider credentials, Optional<URI> endpoint, RetryPolicy retry,
                       int rdsRequestsPerSecond, RequestRateLimiter.Ticker ticker, SdkHttpClient http,
                       Optional<ExecutionInterceptor> recorder) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.rdsRequestsPerSecond = rdsRequestsPerSecond;
        this.ticker = ticker;
        this.http = Objects.requireNonNull(http, "http");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /**
     * For SnapStart priming: clients built exactly as production builds them (same builders, retry strategy,
     * timeouts, AWS endpoints resolved by the real rules), over the SDK's offline {@code CannedResponseHttpClient}
     * answering every call with {@code status} and {@code body}, with fixed throwaway credentials so that signing
     * runs but no credential source is asked.
     */
    public static AwsClients offline(int status, String body) {
        SdkHttpClient canned = CannedResponseHttpClient.builder().statusCode(status)
                .responseBody(body.getBytes(StandardCharsets.UTF_8)).build();
        return new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPRIMINGONLY0000", "priming-only")),
                Optional.empty(), RetryPolicy.DEFAULT, 12, RequestRateLimiter.Ticker.SYSTEM, canned, Optional.empty());
    }

    /**
     * For dry-runs: clients built as production builds them, whose every call goes to {@code planner} (recorded,
     * answered locally, never sent), with throwaway keys so that no credential source is asked and no retry waits.
     * An endpoint set in the environment ({@code AWS_ENDPOINT_URL}) is resolved and never reached.
     */
    public static AwsClients planning(DryRunPlanner planner) {
        return new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIADRYRUNONLY00000", "dry-run-only")),
                Optional.empty(), new RetryPolicy(1, Duration.ZERO, Duration.ZERO), 12, RequestRateLimiter.Ticker.SYSTEM,
                planner.httpClient(), Optional.of(planner.interceptor()));
    }

    /** Production: the Lambda environment's credentials, AWS endpoints, RDS at 12 requests/s. */
    public static AwsClients forLambda(Map<String, String> env) {
        return new AwsClients(lambdaCredentials(env), Optional.empty(), RetryPolicy.DEFAULT, 12,
                RequestRateLimiter.Ticker.SYSTEM);
    }

    /**
     * SnapStart functions get their credentials from the container endpoint; others from the
     * environment variables Lambda sets. Chosen explicitly, never by probing a chain.
     */
    static AwsCredentialsProvider lambdaCredentials(Map<String, String> env) {
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            return ContainerCredentialsProvider.builder().build();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    public RdsClient rds(String region) {
        return rds.computeIfAbsent(region, r -> {
            RequestRateLimiter limiter = rdsLimiters.computeIfAbsent(r,
                    k -> new RequestRateLimiter(rdsRequestsPerSecond, ticker));
            return build(RdsClient.builder(), Region.of(r),
                    override().toBuilder().addExecutionInterceptor(new RateLimitInterceptor(limiter)).build());
        });
    }

    /**
     * An RDS client of the region whose every request also passes {@code pacing} (a request budget shared with other
     * containers), behind the container's own limiter; built once per region.
     */
    public RdsClient rds(String region, ExecutionInterceptor pacing) {
        return pacedRds.computeIfAbsent(region, r -> {
            RequestRateLimiter limiter = rdsLimiters.computeIfAbsent(r,
                    k -> new RequestRateLimiter(rdsRequestsPerSecond, ticker));
            return build(RdsClient.builder(), Region.of(r), override().toBuilder()
                    .addExecutionInterceptor(new RateLimitInterceptor(limiter)).addExecutionInterceptor(pacing).build());
        });
    }

    /** The RDS permits granted so far in a region (tests and the benchmark read it). */
    public long rdsRequestsSent(String region) {
        RequestRateLimiter limiter = rdsLimiters.get(region);
        return limiter == null ? 0 : limiter.granted();
    }

    public DynamoDbClient dynamoDb(String region) {
        return dynamo.computeIfAbsent(region, r -> {
            return build(DynamoDbClient.builder(), Region.of(r), override());
        });
    }

    public S3Client s3(String region) {
        return s3.computeIfAbsent(region, r -> {
            // S3Mock serves buckets as paths, not as host names
            return build(S3Client.builder().forcePathStyle(endpoint.isPresent() ? Boolean.TRUE : null), Region.of(r), override());
        });
    }

    /** aws.rotation: Secrets Manager, with the same HTTP client, credentials and bounded retries. */
    public software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager(String region) {
        return secretsManager.computeIfAbsent(region, r -> {
            return build(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder(), Region.of(r), override());
        });
    }

    /** aws.rotation: ElastiCache (AUTH token ROTATE/SET), with the same HTTP client, credentials and bounded retries. */
    public software.amazon.awssdk.services.elasticache.ElastiCacheClient elastiCache(String region) {
        return elastiCache.computeIfAbsent(region, r -> {
            return build(software.amazon.awssdk.services.elasticache.ElastiCacheClient.builder(), Region.of(r), override());
        });
    }

    /** aws.alerting: the e-mail topic. */
    public SnsClient sns(String region) {
        return sns.computeIfAbsent(region, r -> {
            return build(SnsClient.builder(), Region.of(r), override());
        });
    }

    /** aws.alerting: the undelivered-alerts queue. */
    public SqsClient sqs(String region) {
        return sqs.computeIfAbsent(region, r -> {
            return build(SqsClient.builder(), Region.of(r), override());
        });
    }

    /** aws.failover: Route 53 is global (one endpoint, aws-global); its 10 requests/s limit is paced by the caller. */
    public software.amazon.awssdk.services.route53.Route53Client route53() {
        return route53.computeIfAbsent("aws-global", r -> {
            return build(software.amazon.awssdk.services.route53.Route53Client.builder(), Region.AWS_GLOBAL, override());
        });
    }

    /** aws.drill: AWS Backup (the DR vault's recovery points, restore jobs). */
    public software.amazon.awssdk.services.backup.BackupClient backup(String region) {
        return backup.computeIfAbsent(region, r -> {
            return build(software.amazon.awssdk.services.backup.BackupClient.builder(), Region.of(r), override());
        });
    }

    /** aws.scaling: ECS (the app services' desired count). */
    public software.amazon.awssdk.services.ecs.EcsClient ecs(String region) {
        return ecs.computeIfAbsent(region, r -> {
            return build(software.amazon.awssdk.services.ecs.EcsClient.builder(), Region.of(r), override());
        });
    }

    /**
     * RDS in a member account, signing with that account's assumed-role {@code credentials}; its own rate limit per
     * account and region, then {@code pacing}. Not cached: the caller ({@link MemberAccountCredentials}) holds it for
     * as long as the session, and closes it.
     */
    public RdsClient rdsIn(String account, String region, AwsCredentialsProvider credentials, List<ExecutionInterceptor> pacing) {
        RequestRateLimiter limiter = memberRdsLimiters.computeIfAbsent(account + "/" + region,
                k -> new RequestRateLimiter(rdsRequestsPerSecond, ticker));
        ClientOverrideConfiguration.Builder override = override().toBuilder().addExecutionInterceptor(new RateLimitInterceptor(limiter));
        pacing.forEach(override::addExecutionInterceptor);
        software.amazon.awssdk.services.rds.RdsClientBuilder builder = RdsClient.builder().region(Region.of(region)).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(override.build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * A client of a service only some functions call, built like every other (the one HTTP client, the container's
     * credentials, bounded retries, the test endpoint): its type stays out of this class, so the artifacts whose
     * functions never call it carry none of it. The caller closes it.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region) {
        return build(builder, Region.of(region), override());
    }

    /** Every client alike: the one HTTP client, explicit region and credentials, bounded retries, the test endpoint if any. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Region region,
                                                                                     ClientOverrideConfiguration override) {
        builder.region(region).credentialsProvider(credentials).httpClient(http).overrideConfiguration(override);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private ClientOverrideConfiguration override() {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(retry))
                .apiCallTimeout(Duration.ofMinutes(2));
        recorder.ifPresent(override::addExecutionInterceptor);
        return override.build();
    }

    static RetryStrategy retryStrategy(RetryPolicy policy) {
        BackoffStrategy backoff = policy.baseDelay().isZero()
                ? BackoffStrategy.retryImmediately()
                : BackoffStrategy.exponentialDelay(policy.baseDelay(), policy.maxDelay());
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(policy.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .build();
    }

    @Override
    public void close() {
        // through SdkClient only: naming each service's client type here would need every service module in
        // every artifact, and a capability jar carries only the modules its functions call
        Stream.<Map<String, ? extends SdkClient>>of(rds, pacedRds, dynamo, s3, secretsManager, elastiCache, sns, sqs, route53, backup, ecs)
                .flatMap(clients -> clients.values().stream())
                .forEach(SdkClient::close);
        http.close();
    }
}

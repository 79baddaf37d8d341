package com.silenttalk.automation.aws.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients once per container: one url-connection HTTP client, the region
 * and credentials set explicitly, bounded retries with jitter, and for RDS a shared
 * client-side rate limit (all regions' RDS clients of a container draw from one bucket
 * per region).
 */
public final class AwsClients implements AutoCloseable {
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final RetryPolicy retry;
    private final RequestRateLimiter.Ticker ticker;
    private final double rdsRequestsPerSecond;
    private final SdkHttpClient http;
    private final Map<String, RdsClient> rds = new ConcurrentHashMap<>();
    private final Map<String, RequestRateLimiter> rdsLimiters = new ConcurrentHashMap<>();
    private final Map<String, DynamoDbClient> dynamo = new ConcurrentHashMap<>();
    private final Map<String, S3Client> s3 = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.secretsmanager.SecretsManagerClient> secretsManager = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.elasticache.ElastiCacheClient> elastiCache = new ConcurrentHashMap<>();
    private final Map<String, SnsClient> sns = new ConcurrentHashMap<>();
    private final Map<String, SqsClient> sqs = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.route53.Route53Client> route53 = new ConcurrentHashMap<>();

    /**
     * @param endpoint only for tests (WireMock, dynalite, S3Mock on 127.0.0.1); empty in production
     */
    public AwsClients(AwsCredentialsProvider credentials, Optional<URI> endpoint, RetryPolicy retry,
                      double rdsRequestsPerSecond, RequestRateLimiter.Ticker ticker) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.rdsRequestsPerSecond = rdsRequestsPerSecond;
        this.ticker = ticker;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
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
                    k -> new RequestRateLimiter(rdsRequestsPerSecond, 1, ticker));
            var builder = RdsClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override().toBuilder()
                            .addExecutionInterceptor(new RateLimitInterceptor(limiter)).build());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** The RDS permits granted so far in a region (tests and the benchmark read it). */
    public long rdsRequestsSent(String region) {
        RequestRateLimiter limiter = rdsLimiters.get(region);
        return limiter == null ? 0 : limiter.granted();
    }

    public DynamoDbClient dynamoDb(String region) {
        return dynamo.computeIfAbsent(region, r -> {
            var builder = DynamoDbClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    public S3Client s3(String region) {
        return s3.computeIfAbsent(region, r -> {
            var builder = S3Client.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
            return builder.build();
        });
    }

    /** aws.rotation: Secrets Manager, with the same HTTP client, credentials and bounded retries. */
    public software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secretsManager(String region) {
        return secretsManager.computeIfAbsent(region, r -> {
            var builder = software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** aws.rotation: ElastiCache (AUTH token ROTATE/SET), with the same HTTP client, credentials and bounded retries. */
    public software.amazon.awssdk.services.elasticache.ElastiCacheClient elastiCache(String region) {
        return elastiCache.computeIfAbsent(region, r -> {
            var builder = software.amazon.awssdk.services.elasticache.ElastiCacheClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** aws.alerting: the e-mail topic. */
    public SnsClient sns(String region) {
        return sns.computeIfAbsent(region, r -> {
            var builder = SnsClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** aws.alerting: the undelivered-alerts queue. */
    public SqsClient sqs(String region) {
        return sqs.computeIfAbsent(region, r -> {
            var builder = SqsClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    /** aws.failover: Route 53 is global (one endpoint, aws-global); its 10 requests/s limit is paced by the caller. */
    public software.amazon.awssdk.services.route53.Route53Client route53() {
        return route53.computeIfAbsent("aws-global", r -> {
            var builder = software.amazon.awssdk.services.route53.Route53Client.builder()
                    .region(Region.AWS_GLOBAL)
                    .credentialsProvider(credentials)
                    .httpClient(http)
                    .overrideConfiguration(override());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    private ClientOverrideConfiguration override() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(retry))
                .apiCallTimeout(Duration.ofMinutes(2))
                .build();
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
        Stream.<Map<String, ? extends SdkClient>>of(rds, dynamo, s3, secretsManager, elastiCache, sns, sqs, route53)
                .flatMap(clients -> clients.values().stream())
                .forEach(SdkClient::close);
        http.close();
    }
}

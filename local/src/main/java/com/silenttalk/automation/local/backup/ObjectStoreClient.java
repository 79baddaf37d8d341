package com.silenttalk.automation.local.backup;

import com.silenttalk.automation.aws.runtime.NoDelayHttpClient;
import com.silenttalk.automation.local.config.AwsEnvironment;
import com.silenttalk.automation.local.config.OpsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client of opsctl's bucket regions: any S3-compatible endpoint, keys from the variables the config names. */
public final class ObjectStoreClient {
    private ObjectStoreClient() {
    }

    /**
     * Endpoint from {@code s3.endpoint}, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS S3; keys from the
     * variables {@code s3.accessKeyIdEnv} / {@code s3.secretAccessKeyEnv} name, else the SDK's default chain. The SDK's
     * standard retries (bounded, jittered) cover throttling and 5xx.
     */
    public static S3Client build(OpsConfig.ObjectStore store, Map<String, String> env) {
        var builder = S3Client.builder().region(Region.of(store.region()))
                .credentialsProvider(AwsEnvironment.credentials(env, store.accessKeyIdEnv(), store.secretAccessKeyEnv()))
                .httpClient(NoDelayHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(60)))
                .forcePathStyle(store.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
        Optional<URI> endpoint = store.endpoint() != null ? Optional.of(store.endpoint())
                : AwsEnvironment.endpoint(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

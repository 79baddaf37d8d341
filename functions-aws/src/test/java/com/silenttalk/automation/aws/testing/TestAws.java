package com.silenttalk.automation.aws.testing;

import com.silenttalk.automation.aws.runtime.AwsClients;
import com.silenttalk.automation.aws.runtime.RequestRateLimiter;
import com.silenttalk.automation.aws.runtime.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Clients pointed at a local server: static test credentials, explicit region, fast bounded retries. */
public final class TestAws {
    public static final String ACCOUNT = "123456789012";
    public static final String PRIMARY = "eu-west-1";
    public static final String DR = "eu-central-1";
    public static final String ACCESS_KEY = "AKIATESTONLY0000";
    /** Must never appear in any log line; tests assert it. */
    public static final String SECRET_KEY = "test-secret-key-never-logged-0123456789";
    public static final RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(8));

    private TestAws() {
    }

    public static AwsClients clients(String endpoint) {
        return clients(endpoint, FAST_RETRY);
    }

    public static AwsClients clients(String endpoint, RetryPolicy retry) {
        return new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
                Optional.of(URI.create(endpoint)), retry, 1000, RequestRateLimiter.Ticker.SYSTEM);
    }
}

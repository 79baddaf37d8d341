package com.silenttalk.automation.azure.testing;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.silenttalk.automation.azure.alerting.AzureMonitorMetrics;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.ArmClient;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import reactor.core.publisher.Mono;

/** Clients pointed at 127.0.0.1: WireMock for ARM, azurite for storage. */
public final class TestAzure {
    public static final String SUBSCRIPTION = "ffffffff-ffff-ffff-ffff-ffffffffffff";
    public static final String RESOURCE_GROUP = "silenttalk-prod";
    public static final FlexibleServer SERVERS = new FlexibleServer(SUBSCRIPTION, RESOURCE_GROUP);
    public static final String TEST_TOKEN = "test-token-not-a-secret";

    /**
     * Three retries; the exponential base delay is an hour, so a test that finishes has proven
     * the wait came from the service's Retry-After, not from the backoff.
     */
    public static final RetryOptions RETRY = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(3)
            .setBaseDelay(Duration.ofHours(1)).setMaxDelay(Duration.ofHours(1)));

    private TestAzure() {
    }

    public static TokenCredential credential() {
        return request -> Mono.just(new AccessToken(TEST_TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    public static AzureClients clients() {
        return new AzureClients(credential(), RETRY);
    }

    /** The production pipeline with a fixed bearer header: BearerTokenAuthenticationPolicy refuses plain http. */
    public static ArmClient arm(AzureClients clients, String wireMockBaseUrl, Sleeper sleeper, int maxPolls) {
        return new ArmClient(clients.armPipeline(fixedBearer()), URI.create(wireMockBaseUrl), sleeper, maxPolls);
    }

    /** Azure Monitor's metrics store on WireMock, through the production pipeline with {@link #fixedBearer}. */
    public static AzureMonitorMetrics metrics(AzureClients clients, String wireMockBaseUrl) {
        return new AzureMonitorMetrics(clients.armPipeline(fixedBearer()), URI.create(wireMockBaseUrl), SERVERS);
    }

    public static HttpPipelinePolicy fixedBearer() {
        return (context, next) -> {
            context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + TEST_TOKEN);
            return next.process();
        };
    }

    /** A sleeper that records the waits it was asked for and returns at once. */
    public static final class RecordingSleeper implements Sleeper {
        private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration wait) {
            waits.add(wait);
        }

        public List<Duration> waits() {
            return List.copyOf(waits);
        }
    }
}

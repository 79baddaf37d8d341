package com.silenttalk.automation.azure.runtime;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the SDK clients once per worker from their {@code *ClientBuilder}s: one JDK HTTP
 * client (no netty), the credential set explicitly (the function app's managed identity, or
 * a shared key for azurite), and bounded exponential retries on 429 and 5xx that honour
 * {@code Retry-After}/{@code retry-after-ms} (azure-core's {@link RetryPolicy}).
 */
public final class AzureClients {
    /** Production: 5 retries, 800 ms doubling up to 30 s, unless the service says how long to wait. */
    public static final RetryOptions DEFAULT_RETRY =
            new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(5)
                    .setBaseDelay(Duration.ofMillis(800)).setMaxDelay(Duration.ofSeconds(30)));
    static final String ARM_SCOPE = "https://management.azure.com/.default";
    static final String USER_AGENT = "silenttalk-ops-automation";

    private final TokenCredential credential;
    private final RetryOptions retry;
    private final HttpClient http;
    private final Map<String, BlobServiceClient> blobServices = new ConcurrentHashMap<>();

    public AzureClients(TokenCredential credential, RetryOptions retry) {
        this(credential, retry, new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(60))
                .build());
    }

    private AzureClients(TokenCredential credential, RetryOptions retry, HttpClient http) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * For dry-runs: the same clients over {@code planner} (every request recorded and answered locally, none sent)
     * and a throwaway token, so neither Azure nor an identity endpoint is reached; no retry waits.
     */
    public static AzureClients planning(DryRunPlanner planner) {
        return new AzureClients(DryRunPlanner.credential(), new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(0)),
                planner.httpClient());
    }

    /**
     * The function app's managed identity: user-assigned when {@code AZURE_CLIENT_ID} is set,
     * system-assigned otherwise. Chosen explicitly, never by probing a credential chain.
     */
    public static AzureClients forFunctions(Map<String, String> env) {
        ManagedIdentityCredentialBuilder identity = new ManagedIdentityCredentialBuilder();
        String clientId = env.get("AZURE_CLIENT_ID");
        if (clientId != null && !clientId.isBlank()) {
            identity.clientId(clientId);
        }
        return new AzureClients(identity.build(), DEFAULT_RETRY);
    }

    public TokenCredential credential() {
        return credential;
    }

    /** The worker's one HTTP client, for SDK clients built elsewhere (Key Vault). */
    public HttpClient http() {
        return http;
    }

    public RetryOptions retry() {
        return retry;
    }

    /** ARM: the bearer token of {@link #credential} for management.azure.com. */
    public ArmClient arm(URI endpoint, Sleeper sleeper, int maxPolls) {
        return new ArmClient(armPipeline(new BearerTokenAuthenticationPolicy(credential, ARM_SCOPE)), endpoint,
                sleeper, maxPolls);
    }

    /** The ARM pipeline with another sign-in policy: tests use a fixed bearer header over http to 127.0.0.1. */
    public HttpPipeline armPipeline(HttpPipelinePolicy authentication) {
        return new HttpPipelineBuilder()
                .httpClient(http)
                .policies(new UserAgentPolicy(USER_AGENT), new RetryPolicy(retry), authentication)
                .build();
    }

    public BlobServiceClient blobService(StorageAccount account) {
        return blobServices.computeIfAbsent(account.name() + "|" + account.blobEndpoint(), k -> {
            BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                    .endpoint(account.blobEndpoint())
                    .httpClient(http)
                    .retryOptions(retry);
            if (account.accountKey().isPresent()) {
                builder.credential(new StorageSharedKeyCredential(account.name(), account.accountKey().get()));
            } else {
                builder.credential(credential);
            }
            return builder.buildClient();
        });
    }

    public BlobContainerClient container(StorageAccount account, String container) {
        return blobService(account).getBlobContainerClient(container);
    }

    public TableClient table(StorageAccount account, String table) {
        TableClientBuilder builder = new TableClientBuilder()
                .endpoint(account.tableEndpoint())
                .tableName(table)
                .httpClient(http)
                .retryOptions(retry);
        if (account.accountKey().isPresent()) {
            builder.credential(new AzureNamedKeyCredential(account.name(), account.accountKey().get()));
        } else {
            builder.credential(credential);
        }
        return builder.buildClient();
    }
}

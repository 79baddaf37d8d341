package com.silenttalk.automation.local.rotation;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.aws.runtime.NoDelayHttpClient;
import com.silenttalk.automation.azure.rotation.KeyVaultSecretStore;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.UntrustedText;
import com.silenttalk.automation.local.config.AwsEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The cloud secret stores opsctl rotate can use, built from opsctl's environment as the clouds' own tools
 * configure themselves: Secrets Manager ({@code --store aws:<secret-id-or-arn>}) and Key Vault
 * ({@code --store azure:https://<vault>.vault.azure.net/secrets/<name>}). The stores are the functions' own.
 */
final class CloudSecretStores {
    static final Pattern KEY_VAULT = Pattern.compile("(https://[^/?#]+)/secrets/([0-9a-zA-Z-]{1,127})/?");

    private CloudSecretStores() {
    }

    /**
     * Region from {@code --region}, else AWS_REGION / AWS_DEFAULT_REGION; endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER,
     * else AWS_ENDPOINT_URL, as the SDK reads them; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
     * (/ AWS_SESSION_TOKEN) when set, else the SDK's default chain (profile, SSO, instance role).
     */
    static SecretsManagerSecretStore secretsManager(Map<String, String> env, String regionOption) {
        String region = regionOption != null ? regionOption : env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
            throw new InvalidFieldException("--region", region == null ? "is required for --store aws: (or set AWS_REGION)"
                    : UntrustedText.quoted(region) + " is not an AWS region");
        }
        var builder = SecretsManagerClient.builder().region(Region.of(region)).credentialsProvider(AwsEnvironment.credentials(env))
                .httpClient(NoDelayHttpClient.create(Duration.ofSeconds(5), Duration.ofSeconds(30)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
        AwsEnvironment.endpoint(env, "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL")
                .ifPresent(builder::endpointOverride);
        return new SecretsManagerSecretStore(builder.build());
    }

    /** The vault URL and the secret's name of {@code azure:https://<vault>/secrets/<name>}. */
    record KeyVaultSecret(String vaultUrl, String name) {
        static KeyVaultSecret parse(String location) {
            Matcher m = KEY_VAULT.matcher(location);
            if (!m.matches()) {
                throw new InvalidFieldException("--store", "must be azure:https://<vault>.vault.azure.net/secrets/<name>");
            }
            return new KeyVaultSecret(m.group(1), m.group(2));
        }
    }

    /** Signed in with DefaultAzureCredential (AZURE_* service principal, workload or managed identity, az login). */
    static KeyVaultSecretStore keyVault(KeyVaultSecret secret, Clock clock, Duration validity) {
        return new KeyVaultSecretStore(new SecretClientBuilder().vaultUrl(secret.vaultUrl())
                .credential(new DefaultAzureCredentialBuilder().build())
                .httpClient(new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build())
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(4)
                        .setBaseDelay(Duration.ofMillis(800)).setMaxDelay(Duration.ofSeconds(20))))
                .buildClient(), clock, validity);
    }
}

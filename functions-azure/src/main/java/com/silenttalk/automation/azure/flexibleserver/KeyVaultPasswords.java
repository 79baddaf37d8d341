package com.silenttalk.automation.azure.flexibleserver;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.silenttalk.automation.core.InvalidFieldException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drill server's password from Key Vault, by secret URI
 * ({@code https://<vault>.vault.azure.net/secrets/<name>[/<version>]}), with the function
 * app's managed identity. One {@link SecretClient} per vault, built once.
 */
public final class KeyVaultPasswords implements AdminPasswords {
    private final TokenCredential credential;
    private final HttpClient http;
    private final RetryOptions retry;
    private final Map<String, SecretClient> vaults = new ConcurrentHashMap<>();

    public KeyVaultPasswords(TokenCredential credential, HttpClient http, RetryOptions retry) {
        this.credential = credential;
        this.http = http;
        this.retry = retry;
    }

    @Override
    public char[] password(String secretUri) {
        URI uri = URI.create(secretUri);
        String[] path = uri.getPath().split("/");
        if (!"https".equals(uri.getScheme()) || path.length < 3 || !"secrets".equals(path[1])) {
            throw new InvalidFieldException("ST_DRILL_ADMIN_SECRET_URI", "must be https://<vault>/secrets/<name>[/<version>]");
        }
        String vault = "https://" + uri.getAuthority();
        SecretClient client = vaults.computeIfAbsent(vault, v -> new SecretClientBuilder().vaultUrl(v)
                .credential(credential).httpClient(http).retryOptions(retry).buildClient());
        String version = path.length > 3 ? path[3] : null;
        return client.getSecret(path[2], version).getValue().toCharArray();
    }
}

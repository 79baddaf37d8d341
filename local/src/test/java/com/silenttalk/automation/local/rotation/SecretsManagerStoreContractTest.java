package com.silenttalk.automation.local.rotation;

import com.silenttalk.automation.aws.rotation.SecretsManagerSecretStore;
import com.silenttalk.automation.core.rotation.SecretStore;
import com.silenttalk.automation.core.rotation.SecretStoreContract;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secret store contract on SecretsManagerSecretStore against Secrets Manager's JSON 1.1 protocol with the
 * service's staging-label state (SecretsManagerServer on WireMock, which lives here beside opsctl's rotation tests;
 * the request shapes are asserted in functions-aws's SecretsManagerSecretStoreTest).
 */
class SecretsManagerStoreContractTest extends SecretStoreContract {
    SecretsManagerServer server;
    SecretsManagerClient client;
    SecretsManagerSecretStore store;

    @BeforeEach
    void start() {
        // INITIAL as the service holds it: a JSON object, the port a number
        server = new SecretsManagerServer("{\"engine\":\"postgres\",\"port\":5432,\"dbname\":\"app\",\"host\":\"db.internal\","
                + "\"username\":\"app\",\"password\":\"Initial-Pass-0123456789abcdef\"}");
        client = SecretsManagerClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret-not-a-secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        store = new SecretsManagerSecretStore(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Override
    protected SecretStore store() {
        return store;
    }

    @Override
    protected String secretId() {
        return SecretsManagerServer.ARN;
    }

    @Override
    protected String initialVersion() {
        return SecretsManagerServer.V1;
    }
}

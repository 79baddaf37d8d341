package com.silenttalk.automation.azure.rotation;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.silenttalk.automation.core.rotation.Credential;
import com.silenttalk.automation.core.rotation.RotationFailedException;
import com.silenttalk.automation.core.rotation.SecretDescription;
import com.silenttalk.automation.core.rotation.Stage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The Key Vault store through the real SecretClient against an HTTPS WireMock on 127.0.0.1 (a throwaway
 * certificate with SAN IP:127.0.0.1), which answers unauthenticated requests with Key Vault's bearer
 * challenge; the client gets its token from a fake credential. Request bodies are asserted.
 */
class KeyVaultSecretStoreTest {
    static final String NAME = "app-db";
    static final String V1 = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
    static final String V2 = "1b2c3d4e5f60718293a4b5c6d7e8f901";
    static final String TOKEN = "5e6f7a8b-0000-4000-8000-000000000001";
    static final String TEST_TOKEN = "kv-test-token-not-a-secret";
    static final String CURRENT_JSON = "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":\"5432\",\"username\":\"app\",\"password\":\"kv-Current-Pass-0123456789abcd\"}";
    static final String PENDING_JSON = CURRENT_JSON.replace("kv-Current-Pass-0123456789abcd", "kv-Pending-Pass-0123456789abcd");
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path certs;
    static Path keystore;
    static SSLContext trust;

    WireMockServer vault;
    SecretClient client;
    KeyVaultSecretStore store;

    @BeforeAll
    static void certificate() throws Exception {
        keystore = certs.resolve("vault.p12");
        Process p = new ProcessBuilder("keytool", "-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("vault", ks.getCertificate("vault"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void done() {
        trust = null;
    }

    @BeforeEach
    void start() {
        vault = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit").keyManagerPassword("changeit"));
        vault.start();
        vault.stubFor(any(anyUrl()).atPriority(1).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer authorization=\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                                + "resource=\"https://vault.azure.net\"")));
        TokenCredential fake = request -> Mono.just(new AccessToken(TEST_TOKEN, OffsetDateTime.now().plusHours(1)));
        HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trust)).build();
        client = new SecretClientBuilder().vaultUrl(base()).credential(fake).httpClient(http)
                .disableChallengeResourceVerification()
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .buildClient();
        store = new KeyVaultSecretStore(client, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));
    }

    @AfterEach
    void stop() {
        vault.stop();
    }

    String base() {
        return "https://127.0.0.1:" + vault.httpsPort();
    }

    String properties(String name, String version, long created, Map<String, String> tags) throws Exception {
        return "{\"id\": \"" + base() + "/secrets/" + name + "/" + version + "\", \"contentType\": \"application/json\", "
                + "\"attributes\": {\"enabled\": true, \"created\": " + created + ", \"updated\": " + created
                + ", \"recoveryLevel\": \"Recoverable+Purgeable\", \"recoverableDays\": 90}, \"tags\": " + JSON.writeValueAsString(tags) + "}";
    }

    String secret(String name, String version, long created, Map<String, String> tags, String value) throws Exception {
        String props = properties(name, version, created, tags);
        return "{\"value\": " + JSON.writeValueAsString(value) + ", " + props.substring(1);
    }

    void onGet(String path, int status, String body) {
        vault.stubFor(get(urlPathMatching(path)).withHeader("Authorization", equalTo("Bearer " + TEST_TOKEN))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
    }

    void twoVersions(Map<String, String> companionTags, String companionValue) throws Exception {
        onGet("/secrets/" + NAME + "/versions", 200, "{\"value\": [" + properties(NAME, V1, 1761000000, Map.of())
                + ", " + properties(NAME, V2, 1763000000, Map.of("rotation-stage", "AWSCURRENT")) + "], \"nextLink\": null}");
        onGet("/secrets/" + NAME + "/" + V2, 200, secret(NAME, V2, 1763000000, Map.of(), CURRENT_JSON));
        if (companionTags == null) {
            onGet("/secrets/" + NAME + "-pending/?", 404, "{\"error\": {\"code\": \"SecretNotFound\", \"message\": \"A secret with (name/id) "
                    + NAME + "-pending was not found in this key vault.\"}}");
        } else {
            onGet("/secrets/" + NAME + "-pending/?", 200, secret(NAME + "-pending", "9c9c9c9c9c9c4c9c9c9c9c9c9c9c9c9c", 1764000000,
                    companionTags, companionValue));
        }
    }

    @Test
    void describe_whenACompanionIsPending_mapsCurrentAndPendingAfterTheBearerChallenge() throws Exception {
        twoVersions(Map.of("rotation-version", TOKEN, "rotation-stage", "AWSPENDING"), PENDING_JSON);

        SecretDescription d = store.describe(NAME);

        assertThat(d.rotationEnabled()).isTrue();
        assertThat(d.versionWith(Stage.CURRENT)).contains(V2);
        assertThat(d.versionWith(Stage.PENDING)).contains(TOKEN);
        assertThat(d.stagesOf(V1)).isEmpty();
        List<LoggedRequest> all = vault.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).anyMatch(r -> r.getHeader("Authorization") == null);
        assertThat(all).filteredOn(r -> r.getHeader("Authorization") != null)
                .allMatch(r -> r.getHeader("Authorization").equals("Bearer " + TEST_TOKEN)).isNotEmpty();
    }

    @Test
    void valueAt_whenCurrentAndPending_parseEachWithoutTouchingTheOther() throws Exception {
        twoVersions(Map.of("rotation-version", TOKEN, "rotation-stage", "AWSPENDING"), PENDING_JSON);

        Credential current = store.valueAt(NAME, Stage.CURRENT).orElseThrow();
        Credential pending = store.valueOf(NAME, TOKEN).orElseThrow();

        assertThat(new String(current.password())).isEqualTo("kv-Current-Pass-0123456789abcd");
        assertThat(new String(pending.password())).isEqualTo("kv-Pending-Pass-0123456789abcd");
        assertThat(store.valueOf(NAME, "no-such-version")).isEmpty();
    }

    @Test
    void putPending_whenNoCompanion_writesTheCompanionNotTheSecretAppsRead() throws Exception {
        twoVersions(null, null);
        vault.stubFor(put(urlPathEqualTo("/secrets/" + NAME + "-pending")).withHeader("Authorization", equalTo("Bearer " + TEST_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(secret(NAME + "-pending", "9c9c9c9c9c9c4c9c9c9c9c9c9c9c9c9c", 1764000000, Map.of(), PENDING_JSON))));

        store.putPending(NAME, TOKEN, KeyVaultSecretStore.parse(NAME, "test", PENDING_JSON));

        List<LoggedRequest> puts = vault.findAll(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + TEST_TOKEN)))
                .stream().filter(r -> r.getMethod().getName().equals("PUT")).toList();
        assertThat(puts).singleElement().satisfies(r -> {
            assertThat(r.getUrl()).startsWith("/secrets/" + NAME + "-pending?");
            JsonNode body = JSON.readTree(r.getBodyAsString());
            assertThat(body.path("tags").path("rotation-version").asText()).isEqualTo(TOKEN);
            assertThat(body.path("tags").path("rotation-stage").asText()).isEqualTo("PENDING");
            assertThat(JSON.readTree(body.path("value").asText()).path("password").asText()).isEqualTo("kv-Pending-Pass-0123456789abcd");
        });
    }

    @Test
    void promote_whenTested_writesTheNewVersionWithExpiryThenMarksPreviousAndCompanion() throws Exception {
        twoVersions(Map.of("rotation-version", TOKEN, "rotation-stage", "AWSPENDING"), PENDING_JSON);
        vault.stubFor(put(urlPathEqualTo("/secrets/" + NAME)).withHeader("Authorization", equalTo("Bearer " + TEST_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(secret(NAME, "2c3d4e5f60718293a4b5c6d7e8f90123", 1764100000, Map.of("rotation-version", TOKEN), PENDING_JSON))));
        vault.stubFor(patch(urlPathMatching("/secrets/.*")).withHeader("Authorization", equalTo("Bearer " + TEST_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(properties(NAME, V2, 1763000000, Map.of()))));

        store.promote(NAME, TOKEN, V2);

        List<LoggedRequest> writes = vault.findAll(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + TEST_TOKEN)))
                .stream().filter(r -> !r.getMethod().getName().equals("GET")).toList();
        assertThat(writes).extracting(r -> r.getMethod().getName() + " " + r.getUrl().replaceAll("\\?.*", ""))
                .containsExactly("PUT /secrets/" + NAME, "PATCH /secrets/" + NAME + "/" + V2,
                        "PATCH /secrets/" + NAME + "-pending/9c9c9c9c9c9c4c9c9c9c9c9c9c9c9c9c");
        JsonNode put = JSON.readTree(writes.get(0).getBodyAsString());
        assertThat(put.path("tags").path("rotation-version").asText()).isEqualTo(TOKEN);
        assertThat(put.path("tags").path("rotation-stage").asText()).isEqualTo("CURRENT");
        assertThat(put.path("attributes").path("exp").asLong()).isEqualTo(NOW.plus(Duration.ofDays(30)).getEpochSecond());
        assertThat(JSON.readTree(writes.get(1).getBodyAsString()).path("tags").path("rotation-stage").asText()).isEqualTo("PREVIOUS");
        assertThat(JSON.readTree(writes.get(2).getBodyAsString()).path("tags").path("rotation-stage").asText()).isEqualTo("promoted");
    }

    @Test
    void valueAt_whenTheVersionsWereTaggedByAnOlderRelease_readsAWSLabelsAsTheSameStages() throws Exception {
        onGet("/secrets/" + NAME + "/versions", 200, "{\"value\": [" + properties(NAME, V1, 1761000000, Map.of("rotation-stage", "AWSPREVIOUS"))
                + ", " + properties(NAME, V2, 1763000000, Map.of("rotation-stage", "AWSCURRENT")) + "], \"nextLink\": null}");
        onGet("/secrets/" + NAME + "/" + V1, 200, secret(NAME, V1, 1761000000, Map.of(), PENDING_JSON));
        onGet("/secrets/" + NAME + "-pending/?", 200, secret(NAME + "-pending", "9c9c9c9c9c9c4c9c9c9c9c9c9c9c9c9c", 1764000000,
                Map.of("rotation-version", TOKEN, "rotation-stage", "AWSPENDING", "rotation-empty", "true"), "-"));

        SecretDescription d = store.describe(NAME);

        assertThat(d.versionWith(Stage.PREVIOUS)).contains(V1);
        assertThat(d.versionWith(Stage.PENDING)).contains(TOKEN);
        assertThat(store.valueAt(NAME, Stage.PREVIOUS).map(c -> new String(c.password()))).contains("kv-Pending-Pass-0123456789abcd");
        assertThatThrownBy(() -> store.beginVersion(NAME, "another-token")).isInstanceOf(RotationFailedException.class)
                .hasMessageContaining("still PENDING");
    }

    @Test
    void describe_whenTaggedByThisRelease_readsTheNeutralNames() throws Exception {
        onGet("/secrets/" + NAME + "/versions", 200, "{\"value\": [" + properties(NAME, V1, 1761000000, Map.of("rotation-stage", "PREVIOUS"))
                + ", " + properties(NAME, V2, 1763000000, Map.of("rotation-stage", "CURRENT")) + "], \"nextLink\": null}");
        onGet("/secrets/" + NAME + "-pending/?", 200, secret(NAME + "-pending", "9c9c9c9c9c9c4c9c9c9c9c9c9c9c9c9c", 1764000000,
                Map.of("rotation-version", TOKEN, "rotation-stage", "retired"), PENDING_JSON));

        SecretDescription d = store.describe(NAME);

        assertThat(d.versionWith(Stage.CURRENT)).contains(V2);
        assertThat(d.versionWith(Stage.PREVIOUS)).contains(V1);
        assertThat(d.versionWith(Stage.PENDING)).as("a retired companion is not pending").isEmpty();
    }

    @Test
    void beginVersion_whenAnotherRotationIsPending_refusesWithoutWriting() throws Exception {
        twoVersions(Map.of("rotation-version", "other-token", "rotation-stage", "AWSPENDING"), PENDING_JSON);

        assertThatThrownBy(() -> store.beginVersion(NAME, TOKEN)).isInstanceOf(RotationFailedException.class)
                .hasMessageContaining("version other-token is still PENDING");
        assertThat(vault.findAll(anyRequestedFor(anyUrl())).stream().map(r -> r.getMethod().getName())).containsOnly("GET");
    }

    @Test
    void valueAt_whenTheSecretIsNotJson_failsWithoutQuotingIt() throws Exception {
        twoVersions(null, null);
        onGet("/secrets/" + NAME + "/" + V2, 200, secret(NAME, V2, 1763000000, Map.of(), "plain-Password-0123456789"));

        assertThatThrownBy(() -> store.valueAt(NAME, Stage.CURRENT)).isInstanceOf(RotationFailedException.class)
                .hasMessage("Key Vault secret app-db (CURRENT) is not valid JSON");
    }
}

package com.silenttalk.automation.azure.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * Key Vault's secrets REST API (7.x) on an HTTPS WireMock bound to 127.0.0.1, with state: Set Secret (PUT)
 * adds a version, Get Secret (latest or by version), Get Secret Versions, Update Secret (PATCH of tags and
 * attributes), and the documented 404 {@code SecretNotFound} body. Requests without a bearer token get
 * Key Vault's 401 challenge, as the SDK expects. The certificate is a throwaway one with SAN IP:127.0.0.1.
 * Values live only in this test server; {@link #failWrites} injects a service error on chosen writes.
 */
public final class KeyVaultServer implements AutoCloseable {
    public static final String TOKEN = "kv-test-token-not-a-secret";
    /** A vault host name the certificate also carries: a JVM resolving it to 127.0.0.1 (jdk.net.hosts.file) keeps Key Vault's challenge check on. */
    public static final String VAULT_HOST = "st-ops-kv.vault.azure.net";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONS = Pattern.compile("/secrets/([0-9a-zA-Z-]+)/versions");
    private static final Pattern ONE = Pattern.compile("/secrets/([0-9a-zA-Z-]+)(?:/([0-9a-f]*))?/?");

    /** One stored version, as Key Vault keeps it. */
    public static final class Version {
        public final String name;
        public final String version;
        public String value;
        public String contentType;
        public boolean enabled = true;
        public long created;
        public Long expires;
        public Map<String, String> tags = new LinkedHashMap<>();

        Version(String name, String version) {
            this.name = name;
            this.version = version;
        }
    }

    private final WireMockServer server;
    private final SSLContext trust;
    private final List<Version> versions = new CopyOnWriteArrayList<>();
    private final List<Pattern> failingWrites = new CopyOnWriteArrayList<>();
    private final Random ids = new Random(7);
    private volatile Instant now = Instant.parse("2026-11-25T12:00:00Z");

    public KeyVaultServer(Path certificateDir) {
        Path keystore = certificateDir.resolve("vault-" + System.nanoTime() + ".p12");
        this.trust = certificate(keystore);
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit").keyManagerPassword("changeit")
                .extensions(new State()));
        server.start();
        server.stubFor(any(urlPathMatching("/secrets.*")).atPriority(1).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer authorization=\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                                + "resource=\"https://vault.azure.net\"")));
        server.stubFor(any(urlPathMatching("/secrets/.*")).atPriority(5).willReturn(aResponse().withStatus(200)));
        // the App Service managed-identity endpoint (IDENTITY_ENDPOINT), for clients signing in with DefaultAzureCredential
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/msi/token")).atPriority(2)
                .withHeader("X-IDENTITY-HEADER", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"access_token\":\"" + TOKEN + "\",\"expires_on\":\"" + (System.currentTimeMillis() / 1000 + 3600)
                                + "\",\"resource\":\"https://vault.azure.net\",\"token_type\":\"Bearer\"}")));
        this.keystore = keystore;
    }

    private final Path keystore;

    /** A PKCS12 trust store (password changeit) holding this server's certificate, for a JVM's javax.net.ssl.trustStore. */
    public Path trustStore(Path dir) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("vault", ks.getCertificate("vault"));
            Path file = dir.resolve("vault-trust-" + System.nanoTime() + ".p12");
            try (var out = Files.newOutputStream(file)) {
                trusted.store(out, "changeit".toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    public SSLContext trust() {
        return trust;
    }

    /** The SDK client as production builds it, but trusting this server and signing in with a fixed token. */
    public SecretClient client() {
        TokenCredential fake = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trust)).build();
        return new SecretClientBuilder().vaultUrl(url()).credential(fake).httpClient(http).disableChallengeResourceVerification()
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO))).buildClient();
    }

    /** The time Key Vault stamps on the next version it creates (each later version at least a second later). */
    public void setNow(Instant now) {
        this.now = now;
    }

    /** Adds a version directly (the secret's history before the test). */
    public Version seed(String name, String version, String value, Instant created, Map<String, String> tags) {
        Version v = new Version(name, version);
        v.value = value;
        v.contentType = "application/json";
        v.created = created.getEpochSecond();
        v.tags.putAll(tags);
        versions.add(v);
        return v;
    }

    /** Writes (PUT or PATCH) whose path matches {@code pathRegex} fail with a 500 until {@link #healWrites}. */
    public void failWrites(String pathRegex) {
        failingWrites.add(Pattern.compile(pathRegex));
    }

    public void healWrites() {
        failingWrites.clear();
    }

    public List<Version> versionsOf(String name) {
        return versions.stream().filter(v -> v.name.equals(name)).toList();
    }

    /** The version apps read: the latest enabled one. */
    public Version live(String name) {
        return versionsOf(name).stream().filter(v -> v.enabled).reduce((a, b) -> b.created >= a.created ? b : a).orElseThrow();
    }

    public List<LoggedRequest> authenticatedRequests() {
        List<LoggedRequest> all = new ArrayList<>(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        return all.stream().filter(r -> r.getHeader("Authorization") != null).toList();
    }

    /** "METHOD /path" of every authenticated write, in order. */
    public List<String> writes() {
        return authenticatedRequests().stream().filter(r -> !r.getMethod().getName().equals("GET"))
                .map(r -> r.getMethod().getName() + " " + r.getUrl().replaceAll("\\?.*", "")).toList();
    }

    @Override
    public void close() {
        server.stop();
    }

    private String newVersionId() {
        byte[] b = new byte[16];
        ids.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private final class State implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "key-vault-state";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request r = event.getRequest();
            String path = r.getUrl().replaceAll("\\?.*", "");
            if (event.getResponseDefinition().getStatus() == 401 || !path.startsWith("/secrets/")) {
                return event.getResponseDefinition();
            }
            String method = r.getMethod().getName();
            try {
                if (!method.equals("GET") && failingWrites.stream().anyMatch(p -> p.matcher(path).matches())) {
                    return error(500, "InternalServerError", "Injected failure for " + method + " " + path);
                }
                Matcher list = VERSIONS.matcher(path);
                if (method.equals("GET") && list.matches()) {
                    List<Version> of = versionsOf(list.group(1));
                    if (of.isEmpty()) {
                        return notFound(list.group(1));
                    }
                    ObjectNode page = JSON.createObjectNode();
                    ArrayNode items = page.putArray("value");
                    of.forEach(v -> items.add(item(v, false)));
                    page.putNull("nextLink");
                    return ok(page);
                }
                Matcher one = ONE.matcher(path);
                if (!one.matches()) {
                    return error(400, "BadParameter", "unsupported path " + path);
                }
                String name = one.group(1);
                String version = one.group(2) == null ? "" : one.group(2);
                switch (method) {
                    case "GET" -> {
                        Version v = version.isEmpty() ? versionsOf(name).stream().filter(x -> x.enabled)
                                .reduce((a, b) -> b.created >= a.created ? b : a).orElse(null)
                                : versionsOf(name).stream().filter(x -> x.version.equals(version)).findFirst().orElse(null);
                        return v == null ? notFound(name) : ok(item(v, true));
                    }
                    case "PUT" -> {
                        JsonNode body = JSON.readTree(r.getBodyAsString());
                        Version v = new Version(name, newVersionId());
                        v.value = body.path("value").asText();
                        v.contentType = body.path("contentType").isTextual() ? body.path("contentType").asText() : null;
                        long last = versionsOf(name).stream().mapToLong(x -> x.created).max().orElse(0);
                        v.created = Math.max(now.getEpochSecond(), last + 1);
                        attributes(v, body);
                        versions.add(v);
                        return ok(item(v, true));
                    }
                    case "PATCH" -> {
                        Version v = versionsOf(name).stream().filter(x -> x.version.equals(version)).findFirst().orElse(null);
                        if (v == null) {
                            return notFound(name);
                        }
                        attributes(v, JSON.readTree(r.getBodyAsString()));
                        return ok(item(v, false));
                    }
                    default -> {
                        return error(405, "MethodNotAllowed", method);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void attributes(Version v, JsonNode body) {
            if (body.path("tags").isObject()) {
                v.tags = new LinkedHashMap<>();
                body.path("tags").fields().forEachRemaining(f -> v.tags.put(f.getKey(), f.getValue().asText()));
            }
            JsonNode a = body.path("attributes");
            if (a.path("enabled").isBoolean()) {
                v.enabled = a.path("enabled").asBoolean();
            }
            if (a.path("exp").isNumber()) {
                v.expires = a.path("exp").asLong();
            }
        }

        private ObjectNode item(Version v, boolean withValue) {
            ObjectNode node = JSON.createObjectNode();
            if (withValue) {
                node.put("value", v.value);
            }
            node.put("id", url() + "/secrets/" + v.name + "/" + v.version);
            if (v.contentType != null) {
                node.put("contentType", v.contentType);
            }
            ObjectNode a = node.putObject("attributes");
            a.put("enabled", v.enabled);
            if (v.expires != null) {
                a.put("exp", v.expires);
            }
            a.put("created", v.created);
            a.put("updated", v.created);
            a.put("recoveryLevel", "Recoverable+Purgeable");
            a.put("recoverableDays", 90);
            node.set("tags", JSON.valueToTree(v.tags));
            return node;
        }

        private ResponseDefinition ok(JsonNode body) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString()).build();
        }

        private ResponseDefinition notFound(String name) {
            return error(404, "SecretNotFound", "A secret with (name/id) " + name + " was not found in this key vault. "
                    + "If you recently deleted this secret you may be able to recover it using the correct recovery command.");
        }

        private ResponseDefinition error(int status, String code, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("code", code).put("message", message);
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString()).build();
        }
    }

    private static SSLContext certificate(Path keystore) {
        try {
            Process p = new ProcessBuilder("keytool", "-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:" + VAULT_HOST, "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("vault", ks.getCertificate("vault"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

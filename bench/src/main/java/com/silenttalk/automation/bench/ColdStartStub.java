package com.silenttalk.automation.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One WireMock on 127.0.0.1 answering every call of the measured first invocations with the services'
 * documented wire formats: RDS (Query protocol, XML), DynamoDB (JSON 1.0) and Secrets Manager (JSON 1.1)
 * over HTTP; the App Service managed identity endpoint, Azure Resource Manager and Table storage over
 * HTTPS (a throwaway self-signed certificate the children trust).
 */
final class ColdStartStub implements AutoCloseable {
    static final String RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    static final String SECRET_ARN = AwsRotationCreateSecretRow.SECRET;
    static final String CURRENT_VERSION = "a1b2c3d4-0000-4000-8000-000000000001";
    static final String STORE_PASSWORD = "benchpass";

    private final WireMockServer server;
    private final Path keystore;

    ColdStartStub(Path workDir) throws IOException, InterruptedException {
        keystore = workDir.resolve("stub.p12");
        Files.deleteIfExists(keystore);
        keytool(keystore);
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .dynamicHttpsPort().keystorePath(keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(STORE_PASSWORD).keyManagerPassword(STORE_PASSWORD)
                .containerThreads(16).maxRequestJournalEntries(1000).stubRequestLoggingDisabled(true));
        server.start();
        rds();
        dynamoDb();
        secretsManager();
        azure();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":{\"code\":\"NotStubbed\"}}")));
    }

    String httpEndpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    String httpsEndpoint() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    Path keystore() {
        return keystore;
    }

    /** Forgets the requests served so far (the journal keeps the last 1,000). */
    void forget() {
        server.resetRequests();
    }

    /** The requests served since {@link #forget()}, oldest first, as "protocol operation" (for example "RDS CreateDBSnapshot"). */
    List<String> served() {
        List<String> calls = new java.util.ArrayList<>(server.getAllServeEvents().stream().map(ColdStartStub::operation).toList());
        java.util.Collections.reverse(calls);
        return calls;
    }

    private static String operation(ServeEvent event) {
        var request = event.getRequest();
        String target = request.getHeader("X-Amz-Target");
        if (target != null && !target.isEmpty()) {
            return (target.startsWith("secretsmanager.") ? "SecretsManager " : "DynamoDB ") + target.substring(target.indexOf('.') + 1);
        }
        String body = request.getBodyAsString();
        if (body.startsWith("Action=")) {
            return "RDS " + body.substring("Action=".length(), body.indexOf('&'));
        }
        return request.getMethod() + " " + request.getUrl().replaceAll("\\?.*", "");
    }

    private void rds() {
        rdsAction("DescribeDBSnapshots", "<DBSnapshots/>");
        rdsAction("DescribeDBClusterSnapshots", "<DBClusterSnapshots/>");
        rdsAction("CreateDBSnapshot", "<DBSnapshot><DBSnapshotIdentifier>st-auto-orders-bench</DBSnapshotIdentifier>"
                + "<DBInstanceIdentifier>orders</DBInstanceIdentifier><Status>creating</Status>"
                + "<SnapshotType>manual</SnapshotType><TagList><Tag><Key>silenttalk:created-by</Key>"
                + "<Value>ops-automation</Value></Tag></TagList></DBSnapshot>");
    }

    private void rdsAction(String action, String result) {
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<" + action + "Response xmlns=\"" + RDS_NS + "\"><" + action + "Result>" + result + "</"
                                + action + "Result><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></"
                                + action + "Response>")));
    }

    /** The ledger's conditional puts and updates succeed; a GetItem finds nothing. */
    private void dynamoDb() {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", matching("DynamoDB_20120810\\..*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{}")));
    }

    /** createSecret: the answers {@link CreateSecretAnswers} lists, selected by target and body field as WireMock matches. */
    private void secretsManager() {
        for (CreateSecretAnswers answer : CreateSecretAnswers.all()) {
            var request = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + answer.operation()));
            if (answer.field() != null) {
                request = request.withRequestBody(matchingJsonPath("$." + answer.field(), equalTo(answer.value())));
            }
            server.stubFor(request.willReturn(aResponse().withStatus(answer.status())
                    .withHeader("Content-Type", CreateSecretAnswers.JSON_11).withBody(answer.body())));
        }
    }

    /** Managed identity token, ARM's documented on-demand backup bodies, Table storage insert and update. */
    private void azure() {
        server.stubFor(get(urlPathMatching("/msi/token.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"bench-token\",\"expires_on\":\"4102444800\","
                        + "\"resource\":\"https://management.azure.com/\",\"token_type\":\"Bearer\"}")));
        server.stubFor(get(urlPathMatching(".*/backups/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withHeader("x-ms-request-id", "bench")
                .withBody("{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The requested backup was not found.\"}}")));
        server.stubFor(put(urlPathMatching(".*/backups/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("x-ms-request-id", "bench")
                .withBody("{\"properties\":{\"backupType\":\"Customer On-Demand\",\"source\":\"Customer Initiated\","
                        + "\"completedTime\":\"2026-03-01T06:00:40+00:00\"},\"id\":\"{{request.path}}\","
                        + "\"name\":\"{{request.pathSegments.[9]}}\","
                        + "\"type\":\"Microsoft.DBforPostgreSQL/flexibleServers/backups\"}")
                .withTransformers("response-template")));
        server.stubFor(any(urlPathMatching("/stprimary.*")).willReturn(aResponse().withStatus(204)
                .withHeader("x-ms-request-id", "bench")));
        // the window's logical dump is already in Blob storage: a JDBC dump of a database is not part of a cold start
        String manifest = "{\"snapshotId\":\"st-auto-orders-20260301t0600z\",\"database\":\"orders\","
                + "\"consistentPoint\":\"2026-03-01T06:00:41Z\",\"serverVersion\":\"16.4\",\"schemaFingerprint\":\"bench\","
                + "\"rowCounts\":{},\"sha256\":\"" + "0".repeat(64) + "\",\"sizeBytes\":0}";
        server.stubFor(get(urlPathMatching("/stprimary/.*manifests.*")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("x-ms-request-id", "bench")
                .withHeader("Content-Length", Integer.toString(manifest.getBytes(StandardCharsets.UTF_8).length))
                .withHeader("x-ms-blob-type", "BlockBlob").withHeader("ETag", "\"0x8DC0BE7C0B1F2A1\"")
                .withBody(manifest)));
        // Azure Monitor custom metrics, and the paired container's listing they are measured from (no copy yet)
        server.stubFor(post(urlPathMatching(".*/metrics")).atPriority(1).willReturn(aResponse().withStatus(200)));
        server.stubFor(get(urlPathMatching("/stpaired.*")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withHeader("x-ms-request-id", "bench")
                .withBody("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs/><NextMarker/></EnumerationResults>")));
    }

    /** A throwaway self-signed certificate for 127.0.0.1; the children trust it through the same file. */
    private static void keytool(Path keystore) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "stub", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}

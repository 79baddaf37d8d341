package com.silenttalk.automation.aws.rotation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Secrets Manager's JSON 1.1 protocol on WireMock (127.0.0.1): {@code X-Amz-Target: secretsmanager.<Operation>},
 * JSON bodies, and the documented error shape {@code {"__type": "...", "message": "..."}}.
 */
public final class SecretsManagerApi implements AutoCloseable {
    public static final String JSON_11 = "application/x-amz-json-1.1";
    public static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:silenttalk/prod/app-db-AbCdEf";
    public static final String TOKEN = "3b7e2f64-8f1a-4c2e-9d3b-5a6c7d8e9f01";
    public static final String V1 = "a1b2c3d4-0000-4000-8000-000000000001";

    private final WireMockServer server;

    public SecretsManagerApi() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    public void on(String operation, int status, String body) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", JSON_11).withBody(body)));
    }

    /** A stub for requests whose JSON body has {@code field} equal to {@code value} (GetSecretValue by VersionId or VersionStage). */
    public void on(String operation, String field, String value, int status, String body) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + operation))
                .withRequestBody(matchingJsonPath("$." + field, equalTo(value)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", JSON_11).withBody(body)));
    }

    public List<LoggedRequest> requests(String operation) {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + operation)));
    }

    public List<String> operations() {
        List<String> newestFirst = server.getAllServeEvents().stream()
                .map(e -> e.getRequest().getHeader("X-Amz-Target").substring("secretsmanager.".length()))
                .collect(Collectors.toList());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    public static String describe(boolean rotationEnabled, Map<String, List<String>> versions) {
        String stages = versions.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": [" + e.getValue().stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", "));
        return """
                {"ARN": "%s", "Name": "silenttalk/prod/app-db", "RotationEnabled": %s,
                 "RotationLambdaARN": "arn:aws:lambda:eu-west-1:123456789012:function:secret-rotation",
                 "RotationRules": {"AutomaticallyAfterDays": 30}, "LastChangedDate": 1.764e9,
                 "VersionIdsToStages": {%s}}""".formatted(ARN, rotationEnabled, stages);
    }

    public static String value(String versionId, List<String> stages, String secretString) {
        return """
                {"ARN": "%s", "Name": "silenttalk/prod/app-db", "VersionId": "%s", "SecretString": %s,
                 "VersionStages": [%s], "CreatedDate": 1.764e9}""".formatted(ARN, versionId,
                com.silenttalk.automation.aws.runtime.Json.write(secretString),
                stages.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")));
    }

    public static String notFound(String what) {
        return "{\"__type\": \"ResourceNotFoundException\", \"Message\": \"Secrets Manager can't find the specified secret value for " + what + "\"}";
    }

    @Override
    public void close() {
        server.stop();
    }
}

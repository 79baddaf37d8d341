package com.silenttalk.automation.local.rotation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secrets Manager's JSON 1.1 protocol (X-Amz-Target: secretsmanager.&lt;Operation&gt;) on WireMock bound to
 * 127.0.0.1, with the staging-label state of one secret: DescribeSecret, GetSecretValue (by VersionId or
 * VersionStage), PutSecretValue (idempotent per ClientRequestToken, ResourceExistsException on another value),
 * UpdateSecretVersionStage (moving AWSCURRENT puts AWSPREVIOUS on the version that had it), and the documented
 * error body {@code {"__type": ..., "message": ...}}.
 */
final class SecretsManagerServer implements AutoCloseable {
    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:silenttalk/self-hosted/app-db-AbCdEf";
    static final String V1 = "a1b2c3d4-0000-4000-8000-000000000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Set<String>> stages = new LinkedHashMap<>();
    private volatile boolean rotationEnabled = true;

    SecretsManagerServer(String initialValue) {
        values.put(V1, initialValue);
        stages.put(V1, new LinkedHashSet<>(List.of("AWSCURRENT")));
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().extensions(new State()));
        server.start();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    synchronized String valueAt(String stage) {
        return stages.entrySet().stream().filter(e -> e.getValue().contains(stage)).map(e -> values.get(e.getKey())).findFirst().orElse(null);
    }

    synchronized Map<String, Set<String>> stages() {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        stages.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return copy;
    }

    /** The operations called, in order. */
    List<String> operations() {
        return requests().stream().map(r -> r.getHeader("X-Amz-Target").substring("secretsmanager.".length())).toList();
    }

    List<LoggedRequest> requests(String operation) {
        return requests().stream().filter(r -> r.getHeader("X-Amz-Target").equals("secretsmanager." + operation)).toList();
    }

    private List<LoggedRequest> requests() {
        List<ServeEvent> events = new java.util.ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists newest first
        return events.stream().map(ServeEvent::getRequest).map(LoggedRequest.class::cast)
                .filter(r -> r.getHeader("X-Amz-Target") != null).toList();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class State implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "secrets-manager-state";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String target = event.getRequest().getHeader("X-Amz-Target");
            try {
                JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
                synchronized (SecretsManagerServer.this) {
                    return answer(target == null ? "" : target.substring(target.indexOf('.') + 1), body);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private ResponseDefinition answer(String operation, JsonNode body) {
            if (!ARN.equals(body.path("SecretId").asText())) {
                return error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            }
            ObjectNode out = JSON.createObjectNode().put("ARN", ARN).put("Name", "silenttalk/self-hosted/app-db");
            switch (operation) {
                case "DescribeSecret" -> {
                    out.put("RotationEnabled", rotationEnabled);
                    ObjectNode map = out.putObject("VersionIdsToStages");
                    stages.forEach((v, s) -> {
                        if (!s.isEmpty()) {
                            s.forEach(map.putArray(v)::add);
                        }
                    });
                    return ok(out);
                }
                case "GetSecretValue" -> {
                    String version = body.hasNonNull("VersionId") ? body.path("VersionId").asText()
                            : stages.entrySet().stream().filter(e -> e.getValue().contains(body.path("VersionStage").asText("AWSCURRENT")))
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    if (version == null || !values.containsKey(version)) {
                        return error("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for "
                                + (body.hasNonNull("VersionId") ? "VersionId: " + body.path("VersionId").asText()
                                : "staging label: " + body.path("VersionStage").asText()));
                    }
                    out.put("VersionId", version).put("SecretString", values.get(version)).put("CreatedDate", 1.7641E9);
                    stages.get(version).forEach(out.putArray("VersionStages")::add);
                    return ok(out);
                }
                case "PutSecretValue" -> {
                    String token = body.path("ClientRequestToken").asText();
                    String value = body.path("SecretString").asText();
                    if (values.containsKey(token)) {
                        if (!values.get(token).equals(value)) {
                            return error("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");
                        }
                    } else {
                        values.put(token, value);
                        Set<String> labels = new LinkedHashSet<>();
                        body.path("VersionStages").forEach(s -> labels.add(s.asText()));
                        if (labels.isEmpty()) {
                            labels.add("AWSCURRENT");
                        }
                        stages.values().forEach(s -> s.removeAll(labels));
                        stages.put(token, labels);
                    }
                    out.put("VersionId", token);
                    stages.get(token).forEach(out.putArray("VersionStages")::add);
                    return ok(out);
                }
                case "UpdateSecretVersionStage" -> {
                    String stage = body.path("VersionStage").asText();
                    String from = body.path("RemoveFromVersionId").asText(null);
                    String to = body.path("MoveToVersionId").asText(null);
                    String holder = stages.entrySet().stream().filter(e -> e.getValue().contains(stage)).map(Map.Entry::getKey)
                            .findFirst().orElse(null);
                    if (holder != null && !holder.equals(from) && !holder.equals(to)) {
                        return error("InvalidParameterException", "The parameter RemoveFromVersionId doesn't match the version "
                                + "that the staging label is currently attached to.");
                    }
                    if (from != null) {
                        stages.get(from).remove(stage);
                    }
                    if (to != null) {
                        stages.get(to).add(stage);
                        if (stage.equals("AWSCURRENT") && from != null && !from.equals(to)) {
                            stages.values().forEach(s -> s.remove("AWSPREVIOUS"));
                            stages.get(from).add("AWSPREVIOUS");
                        }
                    }
                    return ok(out);
                }
                default -> {
                    return error("InvalidRequestException", "unsupported operation " + operation);
                }
            }
        }

        private ResponseDefinition ok(JsonNode body) {
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString()).build();
        }

        private ResponseDefinition error(String type, String message) {
            return new ResponseDefinitionBuilder().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(JSON.createObjectNode().put("__type", type).put("message", message).toString()).build();
        }
    }
}

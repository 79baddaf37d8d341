package com.silenttalk.automation.aws.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One AWS Backup vault's recovery points as the service keeps them, on WireMock speaking its REST-JSON protocol:
 * ListRecoveryPointsByBackupVault ({@code GET /backup-vaults/{vault}/recovery-points/?resourceArn=}) lists the points
 * of one resource, ListTags ({@code GET /tags/{arn}/}) and TagResource ({@code POST /tags/{arn}}, tags merged) read and
 * write a point's tags; a tag request for an ARN the vault does not hold is 404 ResourceNotFoundException. The test says
 * which recovery points the backup plan has copied in ({@link #put}).
 */
public final class StatefulBackupVault implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Point(String resourceArn, Instant created, Map<String, String> tags) {
    }

    private final String vault;
    private final Map<String, Point> points = new LinkedHashMap<>();
    private final WireMockServer server;

    public StatefulBackupVault(String vault) {
        this.vault = vault;
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new Answers()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A completed recovery point of {@code resourceArn}, as the backup plan's copy job leaves it in the vault. */
    public synchronized void put(String recoveryPointArn, String resourceArn, Instant created) {
        points.put(recoveryPointArn, new Point(resourceArn, created, new LinkedHashMap<>()));
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized Answer answer(Request request) {
        String path = request.getUrl().split("\\?", 2)[0];
        String listing = "/backup-vaults/" + vault + "/recovery-points/";
        if (request.getMethod().getName().equals("GET") && path.equals(listing)) {
            String resource = request.queryParameter("resourceArn").isPresent()
                    ? request.queryParameter("resourceArn").firstValue() : null;
            ObjectNode body = JSON.createObjectNode();
            ArrayNode out = body.putArray("RecoveryPoints");
            points.forEach((arn, p) -> {
                if (resource == null || resource.equals(p.resourceArn())) {
                    out.addObject().put("RecoveryPointArn", arn).put("BackupVaultName", vault)
                            .put("ResourceArn", p.resourceArn()).put("ResourceType", "RDS").put("Status", "COMPLETED")
                            .put("CreationDate", p.created().getEpochSecond());
                }
            });
            return new Answer(200, body.toString());
        }
        if (path.startsWith("/tags/")) {
            String arn = URLDecoder.decode(path.substring("/tags/".length()), StandardCharsets.UTF_8).replaceAll("/$", "");
            Point point = points.get(arn);
            if (point == null) {
                return new Answer(404, "{\"__type\": \"ResourceNotFoundException\", \"Message\": \"Recovery point " + arn
                        + " not found\"}");
            }
            if (request.getMethod().getName().equals("POST")) {
                read(request.getBodyAsString()).path("Tags").fields()
                        .forEachRemaining(e -> point.tags().put(e.getKey(), e.getValue().asText()));
                return new Answer(200, "{}");
            }
            ObjectNode body = JSON.createObjectNode();
            ObjectNode tags = body.putObject("Tags");
            point.tags().forEach(tags::put);
            return new Answer(200, body.toString());
        }
        return new Answer(400, "{\"__type\": \"InvalidParameterValueException\", \"Message\": \"not answered here: "
                + request.getMethod() + " " + path + "\"}");
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, String body) {
    }

    private final class Answers implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Answer answer = answer(serveEvent.getRequest());
            ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status())
                    .withHeader("Content-Type", "application/json").withBody(answer.body());
            if (answer.status() == 404) {
                response.withHeader("x-amzn-ErrorType", "ResourceNotFoundException");
            }
            return response.build();
        }

        @Override
        public String getName() {
            return "stateful-backup-vault";
        }
    }
}

package com.silenttalk.automation.azure.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The on-demand backups of one Flexible Server as ARM keeps them (api-version 2024-08-01), on WireMock: PUT of a
 * backup answers 202 with an {@code Azure-AsyncOperation} that stays {@code InProgress} until the test says the
 * backup completed ({@link #finishCreating}), GET describes one (404 {@code ResourceNotFound} when absent, no
 * {@code completedTime} while it runs), GET of the server's {@code /backups} lists them, DELETE removes one. The
 * bodies are {@link ArmApi}'s documented shapes.
 */
public final class StatefulFlexibleServerBackups implements AutoCloseable {
    private final String server;
    private final String backupsPath;
    private final Map<String, Backup> backups = new LinkedHashMap<>();
    private final WireMockServer wireMock;

    private record Backup(String type, Instant completed) {
    }

    public StatefulFlexibleServerBackups(String server) {
        this.server = server;
        this.backupsPath = TestAzure.SERVERS.serverPath(server) + "/backups";
        wireMock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new Answers()));
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + wireMock.port();
    }

    /** The backup completes at {@code completed}. */
    public synchronized void finishCreating(String name, Instant completed) {
        backups.put(name, new Backup(backups.get(name).type(), completed));
    }

    /** An on-demand backup someone took by hand, completed. */
    public synchronized void putOnDemand(String name, Instant completed) {
        backups.put(name, new Backup("Customer On-Demand", completed));
    }

    @Override
    public void close() {
        wireMock.stop();
    }

    private synchronized ResponseDefinition answer(String method, String url) {
        String path = URI.create(url).getRawPath();
        if (path.contains("/azureAsyncOperation/")) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            Backup backup = backups.get(name);
            return json(200, ArmApi.operation(name, backup != null && backup.completed() != null ? "Succeeded" : "InProgress"));
        }
        if (path.equals(backupsPath) && method.equals("GET")) {
            return json(200, "{\"value\": [" + backups.entrySet().stream().map(e -> body(e.getKey(), e.getValue()))
                    .collect(Collectors.joining(",")) + "]}");
        }
        if (!path.startsWith(backupsPath + "/")) {
            return json(404, ArmApi.error("ResourceNotFound", "no such resource " + path));
        }
        String name = path.substring(backupsPath.length() + 1);
        Backup backup = backups.get(name);
        switch (method) {
            case "GET" -> {
                return backup == null ? notFound(name) : json(200, body(name, backup));
            }
            case "PUT" -> {
                backups.putIfAbsent(name, new Backup("Customer On-Demand", null));
                return ResponseDefinitionBuilder.responseDefinition().withStatus(202)
                        .withHeader("Azure-AsyncOperation", baseUrl() + "/subscriptions/" + TestAzure.SUBSCRIPTION
                                + "/providers/Microsoft.DBforPostgreSQL/locations/westeurope/azureAsyncOperation/" + name
                                + "?api-version=2024-08-01")
                        .withHeader("Retry-After", "1").build();
            }
            case "DELETE" -> {
                return backups.remove(name) == null ? notFound(name)
                        : ResponseDefinitionBuilder.responseDefinition().withStatus(200).build();
            }
            default -> {
                return json(405, ArmApi.error("MethodNotAllowed", method));
            }
        }
    }

    private String body(String name, Backup backup) {
        String completed = backup.completed() == null ? "" : ", \"completedTime\": \"" + backup.completed() + "\"";
        return """
                {"properties": {"backupType": "%s", "source": "Customer Initiated"%s},
                 "id": "%s", "name": "%s", "type": "Microsoft.DBforPostgreSQL/flexibleServers/backups"}
                """.formatted(backup.type(), completed, TestAzure.SERVERS.backupPath(server, name), name);
    }

    private static ResponseDefinition notFound(String name) {
        return json(404, ArmApi.error("ResourceNotFound", "The requested resource of type "
                + "'Microsoft.DBforPostgreSQL/flexibleServers/backups' with name '" + name + "' was not found."));
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body).build();
    }

    private final class Answers implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return answer(serveEvent.getRequest().getMethod().getName(), serveEvent.getRequest().getUrl());
        }

        @Override
        public String getName() {
            return "stateful-flexible-server-backups";
        }
    }
}

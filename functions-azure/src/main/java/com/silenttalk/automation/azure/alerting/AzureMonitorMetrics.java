package com.silenttalk.automation.azure.alerting;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.azure.flexibleserver.FlexibleServer;
import com.silenttalk.automation.azure.runtime.AzureClients;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Custom metrics about each Flexible Server, sent to the Azure Monitor metrics store with the
 * documented ingestion REST API ({@code POST https://<region>.monitoring.azure.com<serverResourceId>/metrics},
 * one metric document per request, token audience {@code https://monitoring.azure.com/}) through
 * the SDK pipeline: the managed identity, and bounded retries on 429/5xx honouring Retry-After.
 * The metric alerts in {@code infra/azure/platform.json} watch these names. The identity needs
 * Monitoring Metrics Publisher on the servers.
 */
public final class AzureMonitorMetrics {
    public static final String SCOPE = "https://monitoring.azure.com/.default";
    public static final String NAMESPACE = "SilentTalk/Backup";
    /** 1 when the window's backup and its logical dump were made, 0 when they failed or did not complete. */
    public static final String BACKUP_SUCCEEDED = "BackupSucceeded";
    /** Seconds since the consistent point of the newest dump with a checksum-verified copy in the paired region. */
    public static final String VERIFIED_BACKUP_AGE_SECONDS = "VerifiedBackupAgeSeconds";
    public static final String DRILL_PASSED = "DrillPassed";
    public static final String RTO_SECONDS = "RtoSeconds";
    public static final String RPO_SECONDS = "RpoSeconds";

    private final HttpPipeline pipeline;
    private final URI endpoint;
    private final FlexibleServer servers;

    /** @param endpoint {@code https://<region of the servers>.monitoring.azure.com}; WireMock in tests */
    public AzureMonitorMetrics(HttpPipeline pipeline, URI endpoint, FlexibleServer servers) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.servers = Objects.requireNonNull(servers, "servers");
    }

    /** Production: the worker's managed identity, signed in for the metrics store. */
    public static AzureMonitorMetrics signedIn(AzureClients clients, URI endpoint, FlexibleServer servers) {
        return new AzureMonitorMetrics(clients.armPipeline(new BearerTokenAuthenticationPolicy(clients.credential(), SCOPE)),
                endpoint, servers);
    }

    /** Thrown when the metrics store refuses a metric after the pipeline's retries. */
    public static final class MetricsNotPublishedException extends RuntimeException {
        MetricsNotPublishedException(String metric, DatabaseId database, int status, String code, String message) {
            super("Azure Monitor refused " + metric + " of " + database + ": HTTP " + status + " " + code + ": " + message);
        }
    }

    /** One value per metric, at {@code time} (the store accepts points from 20 minutes back to 5 ahead). */
    public void publish(DatabaseId database, Instant time, Map<String, ? extends Number> values) {
        String url = endpoint.toString().replaceAll("/+$", "") + servers.serverPath(database.value()) + "/metrics";
        for (Map.Entry<String, ? extends Number> value : values.entrySet()) {
            HttpRequest request = new HttpRequest(HttpMethod.POST, url);
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(Json.write(document(value.getKey(), time, value.getValue().doubleValue())));
            try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
                if (response.getStatusCode() / 100 != 2) {
                    String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
                    JsonNode error = error(body);
                    throw new MetricsNotPublishedException(value.getKey(), database, response.getStatusCode(),
                            error.path("code").asText("unknown"), error.path("message").asText(body));
                }
            }
        }
    }

    /** The documented metric document: one series, the value as min = max = sum, count 1. */
    static Map<String, Object> document(String metric, Instant time, double value) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("min", value);
        series.put("max", value);
        series.put("sum", value);
        series.put("count", 1);
        Map<String, Object> baseData = new LinkedHashMap<>();
        baseData.put("metric", metric);
        baseData.put("namespace", NAMESPACE);
        baseData.put("series", List.of(series));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        document.put("data", Map.of("baseData", baseData));
        return document;
    }

    /** The error of either documented shape: {@code {"error": ...}} or {@code {"apiFailureResponse": {"error": ...}}}. */
    private static JsonNode error(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body.isBlank() ? "{}" : body);
            return node.has("apiFailureResponse") ? node.path("apiFailureResponse").path("error") : node.path("error");
        } catch (JsonProcessingException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** The calls {@link #publish} makes, for dry-runs. */
    public PlannedCall planned(DatabaseId database, List<String> metrics) {
        return new PlannedCall("monitor", "POST (custom metrics) x" + metrics.size(), endpoint.toString().replaceAll("/+$", "")
                + servers.serverPath(database.value()) + "/metrics", Map.of("namespace", NAMESPACE, "metrics", metrics));
    }

    public List<String> requiredActions() {
        return List.of("Microsoft.Insights/Metrics/Write");
    }
}

package com.silenttalk.automation.azure.runtime;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure Resource Manager REST calls through the SDK's {@link HttpPipeline} (the same bearer
 * token, bounded retries on 429/5xx honouring Retry-After, and timeouts as the SDK clients).
 * Used for the Flexible Server operations the available management library lacks
 * (on-demand backups) and, for one consistent wire protocol, for restore and delete too.
 * Long-running operations are followed the documented way: {@code Azure-AsyncOperation}
 * first, {@code Location} otherwise, for at most {@code maxPolls} polls per call.
 */
public final class ArmClient {
    public static final String API_VERSION = "2024-08-01";
    static final HttpHeaderName AZURE_ASYNC_OPERATION = HttpHeaderName.fromString("Azure-AsyncOperation");
    static final Duration DEFAULT_POLL = Duration.ofSeconds(15);

    private final HttpPipeline pipeline;
    private final URI endpoint;
    private final Sleeper sleeper;
    private final int maxPolls;
    private final String apiVersion;

    /**
     * @param endpoint {@code https://management.azure.com} in production; WireMock on 127.0.0.1 in tests
     * @param maxPolls how many status polls one call may spend before reporting "still running"
     */
    public ArmClient(HttpPipeline pipeline, URI endpoint, Sleeper sleeper, int maxPolls) {
        this(pipeline, endpoint, sleeper, maxPolls, API_VERSION);
    }

    private ArmClient(HttpPipeline pipeline, URI endpoint, Sleeper sleeper, int maxPolls, String apiVersion) {
        if (apiVersion == null || !apiVersion.matches("\\d{4}-\\d{2}-\\d{2}(-preview)?")) {
            throw new IllegalArgumentException("api-version must look like 2024-08-01, got " + apiVersion);
        }
        this.apiVersion = apiVersion;
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (maxPolls < 0) {
            throw new IllegalArgumentException("maxPolls must not be negative");
        }
        this.maxPolls = maxPolls;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * The same pipeline, endpoint and polling for a resource provider documented under another
     * api-version (Front Door {@code Microsoft.Cdn}, Azure Cache for Redis {@code Microsoft.Cache}).
     */
    public ArmClient withApiVersion(String otherApiVersion) {
        return new ArmClient(pipeline, endpoint, sleeper, maxPolls, otherApiVersion);
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** A partial update (ARM PATCH): only the properties in {@code body} change. */
    public ArmResponse patch(String resourcePath, JsonNode body) {
        return send(HttpMethod.PATCH, url(resourcePath), Objects.requireNonNull(body, "body"));
    }

    /** A resource action ({@code POST .../stop}); {@code body} may be null for actions that take none. */
    public ArmResponse post(String resourcePath, JsonNode body) {
        return send(HttpMethod.POST, url(resourcePath), body);
    }

    public ArmResponse get(String resourcePath) {
        return send(HttpMethod.GET, url(resourcePath), null);
    }

    public ArmResponse put(String resourcePath, JsonNode body) {
        return send(HttpMethod.PUT, url(resourcePath), body);
    }

    public ArmResponse delete(String resourcePath) {
        return send(HttpMethod.DELETE, url(resourcePath), null);
    }

    /** Raises the documented error of a response that is neither a success nor one the caller handles. */
    public static ArmResponse requireSuccess(String operation, ArmResponse response) {
        if (!response.isSuccess()) {
            throw new ArmException(operation, response.status(), response.errorCode(), response.errorMessage());
        }
        return response;
    }

    /**
     * Follows a PUT, PATCH, POST or DELETE that ARM accepted. A 200/201/204 without an operation header is
     * already done; otherwise the operation's status is polled, waiting as the service says.
     */
    public LongRunning follow(String operation, ArmResponse accepted) {
        requireSuccess(operation, accepted);
        if (accepted.asyncOperation().isPresent()) {
            return followAsyncOperation(operation, accepted.asyncOperation().get(), accepted.retryAfter());
        }
        if (accepted.status() == 202 && accepted.location().isPresent()) {
            return followLocation(operation, accepted.location().get(), accepted.retryAfter());
        }
        return new LongRunning.Succeeded(accepted.body());
    }

    private LongRunning followAsyncOperation(String operation, String statusUrl, Optional<Duration> firstWait) {
        Duration wait = firstWait.orElse(DEFAULT_POLL);
        String status = "Accepted";
        for (int poll = 0; poll < maxPolls; poll++) {
            sleeper.sleep(wait);
            ArmResponse response = requireSuccess(operation + " (status)", send(HttpMethod.GET, URI.create(statusUrl), null));
            status = response.body().path("status").asText("InProgress");
            switch (status.toLowerCase(Locale.ROOT)) {
                case "succeeded":
                    return new LongRunning.Succeeded(response.body());
                case "failed":
                case "canceled":
                case "cancelled":
                    JsonNode error = response.body().path("error");
                    return new LongRunning.Failed(error.path("code").asText(status),
                            error.path("message").asText(operation + " ended " + status));
                default:
                    wait = response.retryAfter().orElse(DEFAULT_POLL);
            }
        }
        return new LongRunning.Running(status, wait);
    }

    private LongRunning followLocation(String operation, String locationUrl, Optional<Duration> firstWait) {
        Duration wait = firstWait.orElse(DEFAULT_POLL);
        for (int poll = 0; poll < maxPolls; poll++) {
            sleeper.sleep(wait);
            ArmResponse response = send(HttpMethod.GET, URI.create(locationUrl), null);
            if (response.status() == 202) {
                wait = response.retryAfter().orElse(DEFAULT_POLL);
                continue;
            }
            if (response.isSuccess()) {
                return new LongRunning.Succeeded(response.body());
            }
            return new LongRunning.Failed(response.errorCode(), response.errorMessage());
        }
        return new LongRunning.Running("InProgress", wait);
    }

    private URI url(String resourcePath) {
        if (!resourcePath.startsWith("/")) {
            throw new IllegalArgumentException("resource path must start with /: " + resourcePath);
        }
        String base = endpoint.toString().replaceAll("/+$", "");
        String separator = resourcePath.contains("?") ? "&" : "?";
        return URI.create(base + resourcePath + separator + "api-version=" + apiVersion);
    }

    private ArmResponse send(HttpMethod method, URI url, JsonNode body) {
        HttpRequest request = new HttpRequest(method, url.toString());
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(Json.write(body));
        } else if (method == HttpMethod.PUT || method == HttpMethod.POST) {
            request.setHeader(HttpHeaderName.CONTENT_LENGTH, "0");
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            return new ArmResponse(response.getStatusCode(), parse(text),
                    Optional.ofNullable(response.getHeaderValue(AZURE_ASYNC_OPERATION)),
                    Optional.ofNullable(response.getHeaderValue(HttpHeaderName.LOCATION)),
                    retryAfter(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)));
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ARM answered with a body that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Retry-After in seconds (ARM's form); other forms fall back to the default poll interval. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

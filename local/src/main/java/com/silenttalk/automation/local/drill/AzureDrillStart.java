package com.silenttalk.automation.local.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.local.EnvironmentException;
import com.silenttalk.automation.local.LocalJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code opsctl drill --cloud azure}: starts the RestoreDrill orchestration through the app's
 * HTTP start ({@code POST /api/drills}, auth level FUNCTION) and, when asked, follows the
 * Durable Functions status endpoint it answers with until the instance ends. The function key
 * comes from {@value #KEY_ENV} and travels only in the {@code x-functions-key} header; the
 * status URL carries the extension's system key, so neither URL is ever printed.
 */
final class AzureDrillStart {
    static final String KEY_ENV = "AZURE_FUNCTION_KEY";
    static final Set<String> ENDED = Set.of("Completed", "Failed", "Terminated", "Canceled");
    static final int STATUS_RETRIES = 3;

    /** A started instance; {@code statusUri} holds a key and stays in here. */
    record Started(String instanceId, URI statusUri) {
    }

    /** Sleeps between polls; tests pass one that returns at once. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final String key;
    private final Clock clock;
    private final Pause pause;

    AzureDrillStart(HttpClient http, Map<String, String> env, Clock clock, Pause pause) {
        String value = env.get(KEY_ENV);
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(KEY_ENV, "is not set: export the drill start function's key (never pass it on the command line)");
        }
        this.http = http;
        this.key = value.trim();
        this.clock = clock;
        this.pause = pause;
    }

    /** The URL must be the function's own, without a key in it (the key goes in the header). */
    static URI functionUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("--function-url", "is not a URL");
        }
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new InvalidFieldException("--function-url", "must be https:// (plain http only to 127.0.0.1 or localhost)");
        }
        if (uri.getRawQuery() != null && uri.getRawQuery().matches("(?i)(^|.*&)code=.*")) {
            throw new InvalidFieldException("--function-url", "carries a key in its query string; set " + KEY_ENV + " instead");
        }
        return uri;
    }

    Started start(URI functionUrl, String database, String runId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("database", database);
        if (runId != null) {
            body.put("runId", runId);
        }
        HttpRequest request = HttpRequest.newBuilder(functionUrl).timeout(Duration.ofSeconds(60))
                .header("x-functions-key", key).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LocalJson.write(body))).build();
        // not retried: without a run id a second POST would start a second drill
        HttpResponse<String> response = send(request, "the drill start at " + functionUrl.getHost());
        JsonNode answer = json(response.body());
        switch (response.statusCode()) {
            case 202, 200 -> {
                String id = answer.path("id").asText("");
                String status = answer.path("statusQueryGetUri").asText("");
                if (id.isBlank() || status.isBlank()) {
                    throw new EnvironmentException("the drill start answered " + response.statusCode()
                            + " without the Durable Functions id and statusQueryGetUri");
                }
                return new Started(id, URI.create(status));
            }
            case 400 -> throw new InvalidFieldException(answer.path("field").asText("body"),
                    "refused by the drill start: " + answer.path("message").asText(response.body()));
            case 401, 403 -> throw new EnvironmentException("the drill start refused the key in " + KEY_ENV
                    + " (HTTP " + response.statusCode() + ")");
            default -> throw new EnvironmentException("the drill start at " + functionUrl.getHost() + " answered HTTP "
                    + response.statusCode());
        }
    }

    /**
     * Polls until the instance ends or {@code timeout} passes: 202 (and 404 before the instance
     * is stored) mean "not yet"; 200, 400 and 500 carry the ended instance's status.
     */
    JsonNode await(Started started, Duration interval, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        String runtimeStatus = "Pending";
        while (true) {
            HttpResponse<String> response = statusWithRetries(started);
            int code = response.statusCode();
            if (code == 200 || code == 400 || code == 500 || code == 202) {
                JsonNode status = json(response.body());
                runtimeStatus = status.path("runtimeStatus").asText(runtimeStatus);
                if (code != 202 && ENDED.contains(runtimeStatus)) {
                    return status;
                }
            } else if (code != 404) {
                throw new EnvironmentException("the status of drill " + started.instanceId() + " answered HTTP " + code);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new EnvironmentException("drill " + started.instanceId() + " is still " + runtimeStatus + " after "
                        + timeout.toMinutes() + " min; it goes on in Azure (opsctl drill --cloud azure starts no second one)");
            }
            sleep(interval);
        }
    }

    private HttpResponse<String> statusWithRetries(Started started) {
        HttpRequest request = HttpRequest.newBuilder(started.statusUri()).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json").GET().build();
        String what = "the status of drill " + started.instanceId();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = send(request, what);
                int code = response.statusCode();
                // a 500 with a runtimeStatus is the documented answer for a failed instance, not a fault
                boolean fault = code == 429 || code >= 500 && !(code == 500 && json(response.body()).has("runtimeStatus"));
                if (!fault || attempt > STATUS_RETRIES) {
                    return response;
                }
            } catch (EnvironmentException e) {
                if (attempt > STATUS_RETRIES) {
                    throw e;
                }
            }
            // 429, 5xx without a status, or no answer: back off with jitter, a bounded number of times
            sleep(Duration.ofMillis((500L << attempt) + ThreadLocalRandom.current().nextLong(250)));
        }
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the message names the host at most; the request's URL (and key) are not in it
            throw new EnvironmentException(what + " is unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException(what + " was interrupted", e);
        }
    }

    private void sleep(Duration duration) {
        try {
            pause.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("waiting for the drill was interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return LocalJson.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return LocalJson.MAPPER.createObjectNode();
        }
    }
}

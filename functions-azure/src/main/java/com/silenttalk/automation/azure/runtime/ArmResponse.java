package com.silenttalk.automation.azure.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One ARM answer: the status, the JSON body (missing when empty), and the headers that drive
 * long-running operations.
 */
public record ArmResponse(int status, JsonNode body, Optional<String> asyncOperation, Optional<String> location,
                          Optional<Duration> retryAfter) {
    public ArmResponse {
        body = body == null ? MissingNode.getInstance() : body;
        Objects.requireNonNull(asyncOperation, "asyncOperation");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** The documented ARM error body: {@code {"error": {"code": ..., "message": ...}}}. */
    public String errorCode() {
        return body.path("error").path("code").asText("Unknown");
    }

    public String errorMessage() {
        return body.path("error").path("message").asText("(no message)");
    }
}

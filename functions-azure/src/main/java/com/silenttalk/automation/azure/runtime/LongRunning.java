package com.silenttalk.automation.azure.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Where an ARM long-running operation stands after the polls an invocation may spend on it. */
public sealed interface LongRunning {
    record Succeeded(JsonNode body) implements LongRunning {
    }

    record Failed(String code, String message) implements LongRunning {
    }

    /** Still running: ask again after {@code checkAgainAfter} (the service's Retry-After, or the default). */
    record Running(String status, Duration checkAgainAfter) implements LongRunning {
    }
}

package com.silenttalk.automation.azure.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One ARM or data-plane call a dry-run would make, printed as a JSON line. */
public record PlannedCall(String plane, String method, String target, Map<String, Object> body) {
    public PlannedCall {
        Objects.requireNonNull(plane, "plane");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    public String toJsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("plane", plane);
        line.put("method", method);
        line.put("target", target);
        line.put("body", body);
        return Json.write(line);
    }
}

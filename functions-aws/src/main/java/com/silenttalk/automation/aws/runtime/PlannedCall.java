package com.silenttalk.automation.aws.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One AWS API call a dry-run would make, printed as a JSON line: service, region, operation, parameters. */
public record PlannedCall(String service, String region, String operation, Map<String, Object> parameters) {
    public PlannedCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(operation, "operation");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public String toJsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("service", service);
        line.put("region", region);
        line.put("operation", operation);
        line.put("parameters", parameters);
        return Json.write(line);
    }
}
